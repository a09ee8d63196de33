/**
 * The update rules as fused WebGL programs: one shader pass per updated tensor.
 *
 * Why not TF.js's own optimizers: tf.train.adam runs 14 element-wise passes per variable
 * (each mul, add, div and sqrt its own shader, reading and writing the whole tensor); on
 * the default MLP on SwiftShader, model.fit ran 1.4-1.5x faster with SGD in its place.
 * Here Adam costs three passes (m', v', w'), momentum two and SGD one; the arithmetic is
 * the same, term by term (tensor-updates.ts is the reference).
 *
 * The programs work on packed textures (four values per texel), as TF.js's own
 * element-wise ops do under WEBGL_PACK, so matMul gradients are used as they come.
 * Per-step numbers (learning rate, bias corrections) are uniforms: one compile per shape.
 */
import * as tf from '@tensorflow/tfjs';
import type { GPGPUProgram, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';
import { BETA1, BETA2, MOMENTUM, type StepScalars } from './update-rules';

/** GLSL float literal (always with a decimal point). */
const glsl = (x: number) => (Number.isInteger(x) ? x.toFixed(1) : String(x));

const FIRST_MOMENT = `(M * ${glsl(BETA1)} + G * ${glsl(1 - BETA1)})`;
const SECOND_MOMENT = `(V * ${glsl(BETA2)} + (G * G) * ${glsl(1 - BETA2)})`;

type Uniform = 'lr' | 'correction1' | 'correction2' | 'epsilon';

class ElementwiseProgram implements GPGPUProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  packedInputs = true;
  packedOutput = true;
  customUniforms: { name: Uniform; type: 'float' }[];

  constructor(shape: number[], inputs: string[], uniforms: Uniform[], expression: string) {
    this.variableNames = inputs;
    this.outputShape = shape;
    this.customUniforms = uniforms.map((name) => ({ name, type: 'float' }));
    this.userCode = `
      void main() {
        ${inputs.map((v) => `vec4 ${v} = get${v}AtOutCoords();`).join('\n        ')}
        setOutput(${expression});
      }`;
  }
}

const RULES = {
  sgd: { inputs: ['W', 'G'], uniforms: ['lr'], expression: 'W - lr * G' },
  momentumVelocity: { inputs: ['U', 'G'], uniforms: [], expression: `U * ${glsl(MOMENTUM)} + G` },
  momentumWeights: { inputs: ['W', 'U', 'G'], uniforms: ['lr'], expression: `W - lr * (U * ${glsl(MOMENTUM)} + G)` },
  adamFirst: { inputs: ['M', 'G'], uniforms: [], expression: FIRST_MOMENT },
  adamSecond: { inputs: ['V', 'G'], uniforms: [], expression: SECOND_MOMENT },
  adamWeights: {
    inputs: ['W', 'M', 'V', 'G'],
    uniforms: ['lr', 'correction1', 'correction2', 'epsilon'],
    expression: `W - lr * ((${FIRST_MOMENT} / correction1) / (sqrt(${SECOND_MOMENT} / correction2) + epsilon))`,
  },
} satisfies Record<string, { inputs: string[]; uniforms: Uniform[]; expression: string }>;

type RuleName = keyof typeof RULES;

/** Runs one rule's pass over same-shaped tensors and returns the result as a tracked tensor. */
function run(rule: RuleName, tensors: tf.Tensor[], s: StepScalars): tf.Tensor {
  const { inputs, uniforms, expression } = RULES[rule];
  const program = new ElementwiseProgram(tensors[0].shape, inputs, uniforms as Uniform[], expression);
  const backend = tf.backend() as MathBackendWebGL;
  const info = backend.compileAndRun(
    program,
    tensors,
    'float32',
    uniforms.map((u) => [s[u as Uniform]]),
  );
  return tf.engine().makeTensorFromTensorInfo(info);
}

export function sgdUpdate(w: tf.Tensor, g: tf.Tensor, s: StepScalars): tf.Tensor[] {
  return [run('sgd', [w, g], s)];
}

export function momentumUpdate(w: tf.Tensor, g: tf.Tensor, u: tf.Tensor, s: StepScalars): tf.Tensor[] {
  return [run('momentumWeights', [w, u, g], s), run('momentumVelocity', [u, g], s)];
}

export function adamUpdate(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: StepScalars): tf.Tensor[] {
  return [run('adamWeights', [w, m, v, g], s), run('adamFirst', [m, g], s), run('adamSecond', [v, g], s)];
}
