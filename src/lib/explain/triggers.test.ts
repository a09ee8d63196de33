import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT, type Experiment } from '../experiment/config';
import type { TransferSummary } from '../engine/transfer/events';
import { decodeExperiment } from '../experiment/url';
import { PRESETS } from '../presets/presets';
import type { ExplainContext, RunObservation } from './context';
import { DEAD_FRACTION_THRESHOLD, EXPLODING_RATIO, VANISHING_RATIO, presetCard, rankCards } from './triggers';

const exp = (query: string): Experiment => decodeExperiment(query).experiment;
const run = (extra: Partial<RunObservation> = {}): RunObservation => ({ label: 'he_normal', variant: 0, status: 'done', ...extra });
const ctx = (experiment: Experiment, runs: RunObservation[] = []): ExplainContext => ({ experiment, runs });
const ids = (c: ExplainContext) => rankCards(c).map((r) => r.cardId);
const reasonOf = (c: ExplainContext, id: string) => rankCards(c).find((r) => r.cardId === id)?.reason ?? '';

describe('rankCards: the config brings its cards', () => {
  it('each scheme brings its own card', () => {
    const cases: [string, string][] = [
      ['he_normal', 'he'],
      ['he_uniform', 'he'],
      ['xavier_normal', 'xavier'],
      ['xavier_uniform', 'xavier'],
      ['orthogonal', 'orthogonal'],
      ['lecun_normal', 'lecun'],
      ['lecun_uniform', 'lecun'],
      ['zeros', 'symmetry'],
      ['constant', 'symmetry'],
      ['normal', 'scale'],
      ['uniform', 'scale'],
      ['torch_default', 'torch-default'],
    ];
    for (const [scheme, card] of cases) expect(ids(ctx(exp(`init=${scheme}`)))[0]).toBe(card);
  });

  it('several variants bring their cards in variant order, each once', () => {
    const ranked = rankCards(ctx(exp('init=zeros,he_normal,he_uniform,xavier_normal')));
    expect(ranked.map((r) => r.cardId)).toEqual(['symmetry', 'he', 'xavier']);
    expect(ranked[1].reason).toContain('he_normal');
    expect(ranked[1].reason).toContain('he_uniform');
  });

  it('xavier under ReLU says why it is too small', () => {
    expect(reasonOf(ctx(exp('init=xavier_normal&act=relu')), 'xavier')).toMatch(/half the variance/);
    expect(reasonOf(ctx(exp('init=xavier_normal&act=tanh')), 'xavier')).not.toMatch(/half the variance/);
  });

  it('batch norm brings the batch-norm card only when on', () => {
    expect(ids(ctx(exp('bn=before')))).toContain('batchnorm');
    expect(ids(ctx(exp('bn=none,after')))).toContain('batchnorm');
    expect(ids(ctx(exp('bn=none')))).not.toContain('batchnorm');
  });

  it('residual archs and zero-init bring the residual card', () => {
    expect(ids(ctx(exp('arch=resmlp&depth=4')))).toContain('residual');
    expect(ids(ctx(exp('arch=rescnn&depth=2')))).toContain('residual');
    const reason = reasonOf(ctx(exp('arch=resmlp&depth=4&bn=before&zero=kernel,both')), 'residual');
    expect(reason).toMatch(/zero=both .*neither can ever get a gradient/);
    // A zeroed kernel before BN is not the identity for long: the card says why, and steers to γ.
    expect(reason).toMatch(/zero=kernel with batch norm: .*fully on after one step; zero=gamma keeps it off/);
    expect(reasonOf(ctx(exp('arch=resmlp&depth=4&bn=none&zero=kernel')), 'residual')).not.toMatch(/zero=kernel with batch norm/);
    expect(ids(ctx(exp('arch=mlp')))).not.toContain('residual');
  });

  it('the default experiment brings only the He card', () => {
    expect(rankCards(ctx(DEFAULT_EXPERIMENT))).toEqual([{ cardId: 'he', reason: 'You chose he_normal.' }]);
  });
});

describe('rankCards: measurements come first', () => {
  const relu = exp('init=he_normal,xavier_normal&act=relu&depth=3');

  it('a dead fraction above the threshold brings the dead-ReLU card, quoting layer and %', () => {
    const c = ctx(relu, [run({ inactiveFraction: [0.1, 0.4, 0.3] })]);
    expect(ids(c)[0]).toBe('dead-relu');
    expect(reasonOf(c, 'dead-relu')).toBe('In run he_normal, 40% of layer L2’s units are dead.');
  });

  it('uses the measured layer labels when given', () => {
    const c = ctx(relu, [run({ inactiveFraction: [0.5], hiddenLabels: ['act3'] })]);
    expect(reasonOf(c, 'dead-relu')).toContain('layer act3');
  });

  it('0.2 dead does not fire, nor exactly the threshold', () => {
    expect(ids(ctx(relu, [run({ inactiveFraction: [0.2, 0.2] })]))).not.toContain('dead-relu');
    expect(ids(ctx(relu, [run({ inactiveFraction: [DEAD_FRACTION_THRESHOLD] })]))).not.toContain('dead-relu');
  });

  it('dead units do not fire for activations that cannot die', () => {
    expect(ids(ctx(exp('act=tanh'), [run({ inactiveFraction: [0.9] })]))).not.toContain('dead-relu');
  });

  it('calls leaky ReLU, ELU and GELU units that never fire inactive, never dead', () => {
    for (const act of ['leaky_relu', 'elu', 'gelu']) {
      const reason = reasonOf(ctx(exp(`act=${act}`), [run({ inactiveFraction: [0.5] })]), 'dead-relu');
      expect(reason).toContain('50% of layer L1’s units are ≤ 0 on every probe example: inactive, not dead');
      expect(reason).not.toMatch(/are dead/);
    }
  });

  it('a diverged run brings the too-large card with its step', () => {
    const c = ctx(relu, [run(), run({ label: 'normal (std=1)', status: 'diverged', divergedAt: 12 })]);
    expect(ids(c)[0]).toBe('scale');
    expect(reasonOf(c, 'scale')).toBe('Run normal (std=1) diverged at step 12.');
  });

  it('a finished run does not bring the too-large card', () => {
    expect(ids(ctx(relu, [run({ status: 'done', finalValAccuracy: 0.95 })]))).not.toContain('scale');
  });

  it('a vanishing or exploding signal at init brings the scale card with the numbers', () => {
    const vanishing = ctx(relu, [run({ activationStdAtInit: [0.5, 0.01, 0.0025] })]);
    expect(ids(vanishing)[0]).toBe('scale');
    expect(reasonOf(vanishing, 'scale')).toMatch(/0\.5 .*0\.0025 .*×0\.005.*vanishes/);
    const exploding = ctx(relu, [run({ activationStdAtInit: [1, 50, 200] })]);
    expect(reasonOf(exploding, 'scale')).toMatch(/×200.*explodes/);
    const overflow = ctx(relu, [run({ activationStdAtInit: [1, Infinity] })]);
    expect(reasonOf(overflow, 'scale')).toMatch(/explodes/);
  });

  it('a signal within the band does not fire', () => {
    const ok = [1, 1.5, 1 / (VANISHING_RATIO * 0.99) / 1e3];
    expect(ids(ctx(relu, [run({ activationStdAtInit: ok })]))).not.toContain('scale');
    expect(ids(ctx(relu, [run({ activationStdAtInit: [1, VANISHING_RATIO] })]))).not.toContain('scale');
    expect(ids(ctx(relu, [run({ activationStdAtInit: [1, EXPLODING_RATIO] })]))).not.toContain('scale');
    expect(ids(ctx(relu, [run({ activationStdAtInit: [0, 0] })]))).not.toContain('scale');
  });

  it('identical rows bring the symmetry card', () => {
    const c = ctx(exp('init=zeros,he_normal'), [run({ label: 'zeros', identicalRows: [{ layer: 'L1', identical: true }] })]);
    expect(ids(c)[0]).toBe('symmetry');
    expect(reasonOf(c, 'symmetry')).toContain('layer L1’s rows are identical');
  });

  it('rows that differ do not bring the symmetry card', () => {
    const c = ctx(exp('init=he_normal'), [run({ identicalRows: [{ layer: 'L1', identical: false }] })]);
    expect(ids(c)).not.toContain('symmetry');
  });

  it('a preset claim is said, held or failed, on the preset’s card', () => {
    const held = ctx(exp('arch=mlp&depth=30&init=xavier_normal,he_normal'), [
      run({ presetClaim: { presetId: 'he-2015', holds: true, detail: 'He: final accuracy 91% > 70%' } }),
    ]);
    expect(rankCards(held)[0]).toEqual({
      cardId: 'he',
      reason: 'Preset “he-2015” claim held: He: final accuracy 91% > 70%. You chose he_normal.',
    });
    const failed = ctx(exp('bn=none,before'), [run({ presetClaim: { presetId: 'bn-rescue', holds: false, detail: '' } })]);
    expect(rankCards(failed)[0]).toEqual({
      cardId: 'batchnorm',
      reason: 'Preset “bn-rescue” claim failed. You compare with and without batch norm (bn=none,before).',
    });
  });

  it('maps every shipped preset to the card it demonstrates', () => {
    const expected: Record<string, string> = {
      'zeros-symmetry': 'symmetry',
      'small-vs-large': 'scale',
      'glorot-bengio-2010': 'xavier',
      'he-2015': 'he',
      'bn-rescue': 'batchnorm',
      'zero-init-residual': 'residual',
    };
    for (const p of PRESETS) {
      const card = presetCard(p.id, exp(p.query));
      if (p.id in expected) expect(card, p.id).toBe(expected[p.id]);
    }
    // Unknown ids fall back to the first scheme's card.
    expect(presetCard('mystery', exp('init=orthogonal'))).toBe('orthogonal');
    expect(presetCard('seeds', DEFAULT_EXPERIMENT)).toBe('seeds');
  });

  it('measured reasons and config reasons merge on one card, measured first', () => {
    const c = ctx(exp('init=normal:std=1'), [run({ label: 'normal (std=1)', status: 'diverged', divergedAt: 3 })]);
    const ranked = rankCards(c);
    expect(ranked.filter((r) => r.cardId === 'scale')).toHaveLength(1);
    expect(ranked[0].reason).toBe('Run normal (std=1) diverged at step 3. You chose normal (std=1).');
  });

  it('is pure: same input, same output, input untouched', () => {
    const c = ctx(relu, [run({ inactiveFraction: [0.5] })]);
    const before = JSON.stringify(c);
    expect(rankCards(c)).toEqual(rankCards(c));
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe('rankCards: the transfer demo', () => {
  const student = { accuracyAtStart: 0.2, lossAtStart: 2.5, earlyAccuracy: 0.8, loss: 0.3, featureNorm: 20 };
  const summary: TransferSummary = {
    pretrainSteps: 300,
    finetuneSteps: 150,
    targetTrain: 500,
    targetVal: 1000,
    frozen: false,
    seed: 1,
    network: 'MLP 784-256-256-5',
    pretrainAccuracy: 0.97,
    earlyStep: 10,
    transfer: { ...student, accuracy: 0.92 },
    scratch: { ...student, accuracy: 0.927 },
  };

  it('a finished demo brings the transfer card, quoting both accuracies', () => {
    const c: ExplainContext = { ...ctx(DEFAULT_EXPERIMENT), transferDemo: summary };
    expect(rankCards(c)[0]).toEqual({
      cardId: 'pretrained',
      reason: 'The transfer demo finished: on digits 5–9, 92.0% from the 0–4 model vs 92.7% from scratch.',
    });
    // Before the demo it is background, whatever the config.
    expect(ids(ctx(DEFAULT_EXPERIMENT))).not.toContain('pretrained');
  });

  it('comes after what the main runs measured, before what the config implies', () => {
    const c: ExplainContext = { ...ctx(exp('init=he_normal'), [run({ status: 'diverged', divergedAt: 4 })]), transferDemo: summary };
    expect(ids(c)).toEqual(['scale', 'pretrained', 'he']);
  });
});

describe('the Jacobian spectrum', () => {
  it('once computed, brings the isometry card with the measured range, among the measurements', () => {
    const spectrum = [{ label: 'he_normal', variant: 0, meanSquare: 0.98, theoryMeanSquare: 1, smallest: 0.012, largest: 3.4, count: 512 }];
    const c: ExplainContext = { ...ctx(exp('init=he_normal')), spectrum };
    expect(rankCards(c)[0]).toEqual({
      cardId: 'isometry',
      reason: 'The spectrum view measured he_normal: singular values of the hidden layers’ Jacobian from 0.012 to 3.4.',
    });
    expect(ids(ctx(exp('init=he_normal')))).not.toContain('isometry');
  });
});

describe('the edge of chaos', () => {
  it('once the view has placed a variant, brings the chaos card with where it sits', () => {
    const chaos = [
      {
        label: 'normal (std=0.25)',
        variant: 0,
        sw2: 4,
        sb2: 0,
        phase: 'chaotic' as const,
        chi1: 1.36,
        cStar: 0,
        depthScale: 7.98,
        depth: 6,
      },
    ];
    expect(rankCards({ ...ctx(exp('init=normal:std=0.25')), chaos })[0]).toEqual({
      cardId: 'chaos',
      reason: 'The edge-of-chaos view places normal (std=0.25) at σ_w² = 4, σ_b² = 0: chaotic, depth scale 7.98 layers.',
    });
  });
});
