import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../../experiment/config';
import { decodeExperiment } from '../../experiment/url';
import { isSoftwareDevice, shouldStack, stackingDevice } from './policy';

const exp = (query: string): Experiment => decodeExperiment(query).experiment;

describe('stacking policy', () => {
  it('knows the software renderers by the names browsers report', () => {
    expect(isSoftwareDevice('webgl', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(
      true,
    );
    expect(isSoftwareDevice('webgl', 'llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareDevice('webgl', 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareDevice('webgl', null)).toBe(false);
    expect(isSoftwareDevice('cpu', null)).toBe(true);
    expect(isSoftwareDevice('wasm', null)).toBe(true);
  });

  it('stacks every group of 2+ on a hardware GPU, and on a software device only the steps that measured faster stacked', () => {
    const small = { ...DEFAULT_EXPERIMENT, width: 64 };
    for (const e of [small, DEFAULT_EXPERIMENT, exp('depth=30&width=128&bs=64')]) expect(shouldStack(e, 8, 'auto', 'gpu')).toBe(true);
    // Measured on SwiftShader (policy.ts): faster stacked at 14.7 and 28.8 MFLOP per run-step, slower at 35.1, 77.5 and 209.
    expect(shouldStack(small, 8, 'auto', 'software')).toBe(true);
    expect(shouldStack(exp('depth=6&width=128&bs=32'), 6, 'auto', 'software')).toBe(true);
    expect(shouldStack(exp('depth=8&width=128&bs=32&act=tanh'), 9, 'auto', 'software')).toBe(false);
    expect(shouldStack(DEFAULT_EXPERIMENT, 8, 'auto', 'software')).toBe(false);
    expect(shouldStack(exp('depth=30&width=128&bs=64'), 6, 'auto', 'software')).toBe(false);
  });

  it('never stacks on wasm, whose products run one run at a time anyway (products.ts)', () => {
    expect(stackingDevice('wasm', null)).toBe('wasm');
    expect(stackingDevice('cpu', null)).toBe('software');
    expect(stackingDevice('webgl', 'llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('software');
    expect(stackingDevice('webgl', 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe('gpu');
    for (const e of [{ ...DEFAULT_EXPERIMENT, width: 8 }, DEFAULT_EXPERIMENT]) expect(shouldStack(e, 8, 'auto', 'wasm')).toBe(false);
    expect(shouldStack(DEFAULT_EXPERIMENT, 8, 'always', 'wasm')).toBe(true);
  });

  it('never stacks a group of one under auto, and does what it is told otherwise', () => {
    expect(shouldStack(DEFAULT_EXPERIMENT, 1, 'auto', 'gpu')).toBe(false);
    expect(shouldStack(DEFAULT_EXPERIMENT, 1, 'always', 'software')).toBe(true);
    expect(shouldStack({ ...DEFAULT_EXPERIMENT, width: 8 }, 8, 'never', 'gpu')).toBe(false);
  });
});
