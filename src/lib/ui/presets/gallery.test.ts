import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../presets/presets';
import { galleryCard } from './gallery';

describe('galleryCard', () => {
  it('says what each preset compares, read from its own query', () => {
    const bn = galleryCard(PRESETS.find((p) => p.id === 'bn-rescue')!);
    // The query compares a badly scaled init without and with batch norm, on 3 seeds.
    expect(bn.compares).toMatch(/ vs /);
    expect(bn.compares).toMatch(/3 seeds each$/);
    for (const p of PRESETS) {
      const card = galleryCard(p);
      expect(card.lede.length).toBeGreaterThan(10);
      expect(card.lede.length).toBeLessThan(p.statement.length + 1);
      expect(p.statement.startsWith(card.lede)).toBe(true);
      expect(card.model).toMatch(/^(MLP|CNN|ResMLP|ResCNN) \d+×/);
    }
  });
});
