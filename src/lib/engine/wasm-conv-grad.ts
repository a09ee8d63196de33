/**
 * The convolution kernel gradient for TF.js's wasm backend, which 4.22 does not ship
 * (Conv2DBackpropFilter is registered for cpu and webgl only, so a CNN could not train on
 * wasm at all). dW = im2col(x)ᵀ · dy: the patches are gathered in plain JS, already
 * transposed, so that the product runs in wasm's own BatchMatMul without a transpose flag:
 * only then does it reach XNNPACK (SIMD) rather than a scalar loop (see stack/products.ts).
 * Patches are built a slice of rows at a time so a large batch never needs hundreds of MB
 * of wasm heap.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Patch floats per slice (32 MB). */
const SLICE_FLOATS = 8 * 2 ** 20;

interface Attrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function conv2DBackpropFilter({
  inputs,
  backend,
  attrs,
}: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: unknown;
}): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as Attrs;
  if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm: only NHWC is supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    outChannels,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const xv = wasm.readSync(x.dataId) as Float32Array;
  const dyv = wasm.readSync(dy.dataId) as Float32Array;
  const k = filterHeight * filterWidth * inChannels;
  const rows = batchSize * outHeight * outWidth;
  const perSlice = Math.max(1, Math.floor(SLICE_FLOATS / k));
  const matMul = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  const sum = new Float32Array(k * outChannels);

  for (let first = 0; first < rows; first += perSlice) {
    const count = Math.min(perSlice, rows - first);
    // [k, count]: column r holds row r's patch; zeros where the window hangs over the padding.
    const patches = new Float32Array(count * k);
    for (let r = 0; r < count; r++) {
      const n = first + r;
      const b = Math.floor(n / (outHeight * outWidth));
      const oy = Math.floor(n / outWidth) % outHeight;
      const ox = n % outWidth;
      for (let fy = 0; fy < filterHeight; fy++) {
        const iy = oy * strideHeight + fy - top;
        if (iy < 0 || iy >= inHeight) continue;
        for (let fx = 0; fx < filterWidth; fx++) {
          const ix = ox * strideWidth + fx - left;
          if (ix < 0 || ix >= inWidth) continue;
          const from = ((b * inHeight + iy) * inWidth + ix) * inChannels;
          const column = (fy * filterWidth + fx) * inChannels;
          for (let c = 0; c < inChannels; c++) patches[(column + c) * count + r] = xv[from + c];
        }
      }
    }
    const p = wasm.makeOutput([1, k, count], 'float32', undefined, patches);
    const g = wasm.makeOutput([1, count, outChannels], 'float32', undefined, dyv.slice(first * outChannels, (first + count) * outChannels));
    const out = matMul({ inputs: { a: p, b: g }, backend: wasm, attrs: { transposeA: false, transposeB: false } }) as tf.TensorInfo;
    const part = wasm.readSync(out.dataId) as Float32Array;
    for (let i = 0; i < sum.length; i++) sum[i] += part[i];
    for (const t of [p, g, out]) wasm.disposeData(t.dataId);
  }
  return wasm.makeOutput(a.filterShape, 'float32', undefined, sum);
}

/** Registers the kernel once; TF.js looks kernels up per call, so it serves a backend already started. */
export function registerWasmConvGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc,
  });
}
