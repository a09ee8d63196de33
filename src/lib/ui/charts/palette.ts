/** Okabe–Ito: distinguishable with the common forms of colour blindness. One colour per variant. */
export const VARIANT_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999933', '#000000'];

export function variantColour(variant: number): string {
  return VARIANT_COLOURS[variant % VARIANT_COLOURS.length];
}

/** Layers go from dark (input side) to light (output side): depth reads as a gradient. */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];

export function layerColour(layer: number, layerCount: number): string {
  if (layerCount <= 1) return VIRIDIS[3];
  const t = layer / (layerCount - 1);
  return VIRIDIS[Math.round(t * (VIRIDIS.length - 1))];
}
