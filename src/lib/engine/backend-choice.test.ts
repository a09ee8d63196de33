import { describe, expect, it } from 'vitest';
import { chooseFaster, WASM_MARGIN } from './backend-choice';

const SWIFTSHADER = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

describe('chooseFaster', () => {
  it('picks wasm when it is clearly faster, and says by how much and where', () => {
    const d = chooseFaster({ webgl: 180, wasm: 100 }, SWIFTSHADER);
    expect(d.backend).toBe('wasm');
    expect(d.choice).toBe('wasm: 1.8× faster than WebGL on this software renderer (SwiftShader), measured at start');
    expect(d.times).toEqual({ webgl: 180, wasm: 100 });
  });

  it('keeps WebGL when it is faster or when wasm wins by less than the margin', () => {
    expect(chooseFaster({ webgl: 50, wasm: 100 }, 'llvmpipe (LLVM 15.0.6, 256 bits)')).toMatchObject({
      backend: 'webgl',
      choice: 'WebGL: 2.0× faster than wasm on this software renderer (llvmpipe), measured at start',
    });
    const close = chooseFaster({ webgl: 100, wasm: 100 / WASM_MARGIN + 0.5 }, SWIFTSHADER);
    expect(close.backend).toBe('webgl');
    expect(close.choice).toContain('within 5% of wasm');
    expect(chooseFaster({ webgl: 100, wasm: 100 / WASM_MARGIN - 0.5 }, SWIFTSHADER).backend).toBe('wasm');
  });

  it('takes the one that ran when the other could not', () => {
    expect(chooseFaster({ webgl: null, wasm: 300 }, SWIFTSHADER).backend).toBe('wasm');
    expect(chooseFaster({ webgl: 300, wasm: null }, SWIFTSHADER)).toMatchObject({
      backend: 'webgl',
      choice: 'WebGL: wasm could not run here',
    });
    expect(chooseFaster({ webgl: null, wasm: null }, null).backend).toBe('webgl');
  });

  it('is a function of the times alone: the same numbers give the same choice', () => {
    for (const [webgl, wasm] of [
      [10, 9],
      [9, 10],
      [1000, 1],
      [1, 1000],
    ]) {
      expect(chooseFaster({ webgl, wasm }, SWIFTSHADER)).toEqual(chooseFaster({ webgl, wasm }, SWIFTSHADER));
      expect(chooseFaster({ webgl, wasm }, SWIFTSHADER).backend).toBe(wasm * WASM_MARGIN < webgl ? 'wasm' : 'webgl');
    }
  });
});
