import type { SchemeId } from '../../src/lib/experiment/config';

export const COMPARE_SCHEMES: SchemeId[];
