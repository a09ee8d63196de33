/** The lab's own initializers: exact formulas, seeded draws, no TF.js. */
export { activationGain, resolveGain, varPreservingGain, type InitContext } from './gains';
export { computeFans, shapeSize, type Fans } from './fans';
export { SCHEME_INFO, type SchemeInfo, type SchemeParam } from './schemes';
export { describeInit, type LayerInitInfo } from './describe';
export { generateWeights } from './generate';
export { orthogonalDims, orthogonalMatrix } from './orthogonal';
export { texNumber } from './tex';
