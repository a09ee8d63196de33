import { describe, expect, it } from 'vitest';
import { StopSwitch } from './stop-switch';

describe('StopSwitch', () => {
  it('stops a job once, and nothing when no job is going', () => {
    const job = new StopSwitch();
    expect(job.stop()).toBe(false);
    const signal = job.begin();
    expect(signal.aborted).toBe(false);
    expect(job.stop()).toBe(true);
    expect(signal.aborted).toBe(true);
    expect(job.stop()).toBe(false);
    job.end();
    expect(job.stop()).toBe(false);
    // A new job has a fresh signal: the last stop does not reach it.
    expect(job.begin().aborted).toBe(false);
  });
});
