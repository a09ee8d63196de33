import * as tf from '@tensorflow/tfjs';

/**
 * y = alpha * x with one learned scalar alpha that starts at 0: the SkipInit/ReZero way to
 * make a residual branch start as nothing, so every block is the identity at init while the
 * branch's own weights keep their normal, non-zero init.
 */
export class ScaleLayer extends tf.layers.Layer {
  static className = 'InitLabScale';
  #alpha: tf.LayerVariable | null = null;

  override build(): void {
    this.#alpha = this.addWeight('alpha', [], 'float32', tf.initializers.zeros(), undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.mul(x, this.#alpha!.read());
  }

  override getClassName(): string {
    return ScaleLayer.className;
  }
}
tf.serialization.registerClass(ScaleLayer);
