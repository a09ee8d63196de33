import { describe, expect, it } from 'vitest';
import { GpuLock } from './gpu-lock.svelte';

describe('GpuLock', () => {
  it('lets one job hold the GPU at a time and frees it when that job gives it back', () => {
    const lock = new GpuLock();
    expect(lock.busy).toBe(false);
    const release = lock.acquire('training');
    expect(release).toBeTypeOf('function');
    expect(lock.holder).toBe('training');
    expect(lock.acquire('transfer')).toBeNull();
    expect(lock.acquire('training')).toBeNull();
    release!();
    expect(lock.busy).toBe(false);
    expect(lock.acquire('transfer')).not.toBeNull();
    expect(lock.holder).toBe('transfer');
  });

  it("ignores a second release, which must not free a later job's hold", () => {
    const lock = new GpuLock();
    const first = lock.acquire('training')!;
    first();
    const second = lock.acquire('training')!;
    first();
    expect(lock.holder).toBe('training');
    second();
    expect(lock.busy).toBe(false);
  });
});
