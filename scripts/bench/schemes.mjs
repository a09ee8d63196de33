/**
 * The eight init schemes every benchmark comparison draws its K variants from (the first K),
 * for the Node side (bench.mjs, app.mjs) and the bench page (src/bench) alike.
 */
export const COMPARE_SCHEMES = [
  'he_normal',
  'xavier_normal',
  'lecun_normal',
  'orthogonal',
  'he_uniform',
  'xavier_uniform',
  'lecun_uniform',
  'torch_default',
];
