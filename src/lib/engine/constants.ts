/**
 * Numbers the engine fixes that the page reads too (the PyTorch export writes them into its
 * script). They live apart from the TF.js code that uses them: importing one from, say,
 * architectures.ts would pull TF.js into the page's bundle, which only the worker needs.
 */

export const NUM_CLASSES = 10;
/** tf.layers' momentum is the weight of the OLD moving statistics (PyTorch's is that of the new batch). */
export const BN_MOMENTUM = 0.9;
export const BN_EPSILON = 1e-5;

export const HISTOGRAM_BINS = 24;
/**
 * Histograms count at most this many values per layer: enough for a smooth 24-bin shape
 * (about 170 values per bin), and cheap even for 30 layers on a software renderer.
 */
export const HISTOGRAM_SAMPLE = 4096;

/** Size of the fixed probe batch used for activation statistics. */
export const PROBE_SIZE = 256;

/** Validation images per chunk (the PyTorch export validates in the same chunks). */
export const EVAL_CHUNK = 1000;
