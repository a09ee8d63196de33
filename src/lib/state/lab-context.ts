/**
 * The lab's state, handed to the components that need it through Svelte context rather
 * than as props threaded through the layout. App sets it once; getLab throws outside it.
 */
import { createContext } from 'svelte';
import type { LabState } from './lab.svelte';

export const [getLab, setLab] = createContext<LabState>();
