/**
 * ||g||² of a gradient, the number the lab charts per layer and step.
 *
 * On WebGL, tf.sum(tf.square(g)) of a dense kernel's gradient costs three passes over the
 * whole tensor: the square, an unpack (the gradient comes out of a matMul packed, four
 * values per texel, and TF.js's reductions read unpacked textures) and the first reduction
 * pass. For a packed 2-D gradient one pass does it here: each fragment sums the squares of
 * two rows, reading the packed texels directly, and tf.sum adds up those few partial sums.
 * Everything else (conv kernels, the CPU backend) takes the plain route. A gradient stacked
 * over runs [R, rows, cols] (stack/) gets the same pass, one row of partial sums per run.
 */
import * as tf from '@tensorflow/tfjs';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

class RowPairSquaresProgram implements GPGPUProgram {
  variableNames = ['G'];
  outputShape: number[];
  userCode: string;
  packedInputs = true;
  packedOutput = false;

  /** [rows, cols], or [runs, rows, cols] for a stacked gradient (one row of partial sums per run). */
  constructor(shape: number[]) {
    const [rows, cols] = shape.slice(-2);
    const stacked = shape.length === 3;
    const rowPairs = Math.ceil(rows / 2);
    const colPairs = Math.ceil(cols / 2);
    this.outputShape = stacked ? [shape[0], rowPairs] : [rowPairs];
    // A texel holds (r, c), (r, c+1), (r+1, c), (r+1, c+1) in x, y, z, w. Past an odd edge
    // its lanes are padding, whose contents are undefined: select them out (a multiply by
    // 0 would keep a NaN there).
    this.userCode = `
      void main() {
        ${stacked ? 'ivec2 coords = getOutputCoords(); int run = coords.x; int row = 2 * coords.y;' : 'int row = 2 * getOutputCoords();'}
        bool lowerRow = row + 1 < ${rows};
        float sum = 0.0;
        for (int j = 0; j < ${colPairs}; j++) {
          int col = 2 * j;
          vec4 t = ${stacked ? 'getG(run, row, col)' : 'getG(row, col)'};
          bool rightCol = col + 1 < ${cols};
          t = vec4(t.x, rightCol ? t.y : 0.0, lowerRow ? t.z : 0.0, rightCol && lowerRow ? t.w : 0.0);
          sum += dot(t, t);
        }
        setOutput(sum);
      }`;
  }
}

/** Every axis but the leading run axis. */
export function allButRuns(t: tf.Tensor): number[] {
  return Array.from({ length: t.rank - 1 }, (_, i) => i + 1);
}

function isPackedOnWebgl(g: tf.Tensor): boolean {
  if (tf.getBackend() !== 'webgl') return false;
  return !!(tf.backend() as MathBackendWebGL).texData.get(g.dataId)?.isPacked;
}

/** Per run, ||g_r||² of a gradient stacked over runs ([R, rows, cols], or a conv kernel's [R, k, k, in, out]): [R]. */
export function stackedSquaredNorms(g: tf.Tensor): tf.Tensor1D {
  if (g.rank !== 3 || !isPackedOnWebgl(g)) return tf.sum(tf.square(g), allButRuns(g)) as tf.Tensor1D;
  const backend = tf.backend() as MathBackendWebGL;
  const partial = tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(new RowPairSquaresProgram(g.shape), [g], 'float32'));
  const total = tf.sum(partial, 1) as tf.Tensor1D;
  partial.dispose();
  return total;
}

export function squaredNorm(g: tf.Tensor): tf.Scalar {
  if (g.rank !== 2 || !isPackedOnWebgl(g)) return tf.sum(tf.square(g)) as tf.Scalar;
  const backend = tf.backend() as MathBackendWebGL;
  const partial = tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(new RowPairSquaresProgram(g.shape), [g], 'float32'));
  const total = tf.sum(partial) as tf.Scalar;
  partial.dispose();
  return total;
}
