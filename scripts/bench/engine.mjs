/**
 * Measurements in bench.html (src/bench/bench-page.ts), one page for all of them so every
 * ratio compares numbers taken minutes apart on the same machine state.
 */

export const CASES = [
  { name: 'MLP 784-256-256-10 (default), bs 64', overrides: {}, steps: 60 },
  { name: 'CNN 2x16 3x3, bs 64', overrides: { arch: 'cnn', depth: 2, channels: 16 }, steps: 20 },
];
const best = (xs) => Math.max(...xs);

/** Backend peak: 1024² matMul chains, best of 5 (cheap, and load makes the spread wide). */
export async function measurePeak(page) {
  const n = 1024;
  const { chain, rates } = await page.evaluate((n) => window.initLabBench.matMulPeak(n, 5), n);
  return { n, chain, tries: rates, flopsPerSec: best(rates) };
}

/**
 * Lab loop vs model.fit, alternated so drift in machine load affects both alike. The lab's
 * loop runs twice per round: with its fused WebGL updates (what the app does) and with
 * op-by-op updates like tf.train's, so the table shows what the fusion is worth and what
 * the instrumentation costs on its own.
 */
export async function measureLoops(page, peak) {
  const rows = [];
  for (const c of CASES) {
    const lab = [];
    const labOpByOp = [];
    const fit = [];
    for (let rep = 0; rep < 2; rep++) {
      lab.push(await page.evaluate(([o, s]) => window.initLabBench.labLoop(o, s), [c.overrides, c.steps]));
      labOpByOp.push(await page.evaluate(([o, s]) => window.initLabBench.labLoop(o, s, 'op-by-op'), [c.overrides, c.steps]));
      fit.push(await page.evaluate(([o, s]) => window.initLabBench.fit(o, s), [c.overrides, c.steps]));
    }
    const { flopsPerStep, bs } = await page.evaluate((o) => window.initLabBench.stepFlops(o), c.overrides);
    const productFlopsPerSec = await page.evaluate(([o, s]) => window.initLabBench.productCeiling(o, s), [c.overrides, c.steps]);
    const labFlopsPerSec = (best(lab) / bs) * flopsPerStep;
    const fitFlopsPerSec = (best(fit) / bs) * flopsPerStep;
    rows.push({
      case: c.name,
      labExamplesPerSec: best(lab),
      fitExamplesPerSec: best(fit),
      ratio: best(lab) / best(fit),
      labOpByOpExamplesPerSec: best(labOpByOp),
      opByOpRatio: best(labOpByOp) / best(fit),
      flopsPerStep,
      labFlopsPerSec,
      labFractionOfPeak: labFlopsPerSec / peak.flopsPerSec,
      productFlopsPerSec,
      productFractionOfPeak: productFlopsPerSec / peak.flopsPerSec,
      labFractionOfProducts: labFlopsPerSec / productFlopsPerSec,
      fitFractionOfPeak: fitFlopsPerSec / peak.flopsPerSec,
    });
  }
  return rows;
}

/** K-variant comparisons on the default MLP: wall time as a multiple of one run. */
export async function measureComparisons(page, ks = [1, 4], steps = 30) {
  await page.evaluate(() => window.initLabBench.comparison(1, 5)); // compile every shader first
  const out = [];
  for (const k of ks)
    out.push({ variants: k, steps, ms: await page.evaluate(([k, s]) => window.initLabBench.comparison(k, s), [k, steps]) });
  return out.map((c) => ({ ...c, multipleOfOne: c.ms / out[0].ms }));
}

/** The fused update passes against tf.train's optimizers, on this page's backend. */
export async function measureOptimizerAgreement(page) {
  const out = [];
  for (const rule of ['sgd', 'momentum', 'adam']) out.push(await page.evaluate((r) => window.initLabBench.optimizerAgreement(r), rule));
  return out;
}

/** The shapes auto races on, and the stacking question on wasm: default and small MLP, the CNN. */
export const BACKEND_SHAPES = [
  { name: 'MLP 784-256-256-10, bs 64 (default)', overrides: {} },
  { name: 'MLP 784-256-256-10, bs 128', overrides: { bs: 128 } },
  { name: 'MLP 784-64-64-10, bs 64', overrides: { width: 64 } },
  { name: 'CNN 2x16 3x3, bs 64', overrides: { arch: 'cnn', depth: 2, channels: 16 } },
];

/** ms per training step on WebGL, wasm and cpu, for 1 run, 8 stacked and 8 one by one. */
export async function measureBackends(page) {
  return page.evaluate((shapes) => window.initLabBench.compareBackends(shapes), BACKEND_SHAPES);
}
