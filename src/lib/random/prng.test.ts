import { describe, expect, it } from 'vitest';
import { Prng, deriveSeed, shuffleInPlace } from './prng';

describe('Prng', () => {
  it('reproduces the same stream from the same seed and differs across seeds', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const sa = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws uniforms with mean 1/2 and variance 1/12', () => {
    const rng = new Prng(7);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    const mean = s / n;
    expect(outside).toBe(0);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(s2 / n - mean * mean).toBeCloseTo(1 / 12, 3);
  });

  it('draws untruncated standard normals (variance 1, tails beyond 2 sigma present)', () => {
    const rng = new Prng(9);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
      if (Math.abs(z) > 2) beyond2++;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01);
    expect(s2 / n).toBeGreaterThan(0.985);
    expect(s2 / n).toBeLessThan(1.015);
    // P(|z| > 2) = 4.55% for an untruncated normal; a 2-sigma-truncated one has none.
    expect(beyond2 / n).toBeGreaterThan(0.042);
    expect(beyond2 / n).toBeLessThan(0.049);
  });
});

describe('deriveSeed', () => {
  it('is stable and separates paths', () => {
    expect(deriveSeed(1, 'layer', 0)).toBe(deriveSeed(1, 'layer', 0));
    expect(deriveSeed(1, 'layer', 0)).not.toBe(deriveSeed(1, 'layer', 1));
    expect(deriveSeed(1, 'layer', 0)).not.toBe(deriveSeed(2, 'layer', 0));
  });
});

describe('shuffleInPlace', () => {
  it('permutes, reproducibly', () => {
    const a = shuffleInPlace(
      Int32Array.from({ length: 100 }, (_, i) => i),
      new Prng(3),
    );
    const b = shuffleInPlace(
      Int32Array.from({ length: 100 }, (_, i) => i),
      new Prng(3),
    );
    expect(Array.from(a)).toEqual(Array.from(b));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
