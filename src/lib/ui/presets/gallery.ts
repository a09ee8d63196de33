/**
 * What the gallery card of a preset says before anything has run: its question in one
 * sentence, and what it will compare, read from its own share-URL query (so the card cannot
 * drift from the experiment the button starts).
 */
import { firstSentence } from '../../explain/summary';
import { planVariants, variantLabel } from '../../experiment/plan';
import { describeModel, decodeExperiment } from '../../experiment/url';
import type { Preset } from '../../presets/presets';

export interface GalleryCard {
  id: string;
  title: string;
  lede: string;
  compares: string;
  model: string;
}

export function galleryCard(preset: Preset): GalleryCard {
  const e = decodeExperiment(preset.query).experiment;
  const variants = planVariants(e).map((v) => variantLabel(v, e));
  const seeds = e.seeds === 1 ? '1 seed' : `${e.seeds} seeds each`;
  return {
    id: preset.id,
    title: preset.title,
    lede: firstSentence(preset.statement),
    compares: `${variants.join(' vs ')} · ${seeds}`,
    model: describeModel(e),
  };
}
