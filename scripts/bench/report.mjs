/** The benchmark's result as markdown, ready to paste into README.md. */

const fmt = (x, digits = 0) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const giga = (x) => (x / 1e9).toFixed(2);
const kib = (x) => (x === null || x === undefined ? 'n/a' : `${Math.round(x / 1024).toLocaleString('en')} KiB`);

/** The parts of the time to the first step of each real-app run, with its long tasks before it. */
export function phasesMarkdown(longTasks) {
  const out = [];
  for (const t of longTasks) {
    if (!t.phases?.length) continue;
    const before = t.beforeFirstStep;
    out.push(
      `Navigation → first step of \`${t.query}\`: ${fmt(t.navigationToFirstStepMs)} ms (first contentful paint at ${t.firstContentfulPaintMs === null ? '?' : fmt(t.firstContentfulPaintMs)} ms); before it ${before.count} long task(s), longest ${fmt(before.longestMs)} ms${before.tasks?.length ? ` (at ${before.tasks.map((x) => `${fmt(x.startTime)}: ${fmt(x.duration)} ms`).join(', ')})` : ''}. Its parts (worker: in the training worker; they overlap):`,
      '',
      '| phase | starts at | takes |',
      '| --- | ---: | ---: |',
    );
    for (const p of t.phases) out.push(`| ${p.name} | ${fmt(p.startMs)} ms | ${fmt(p.ms)} ms |`);
    out.push(`| first step | ${fmt(t.navigationToFirstStepMs)} ms | |`, '');
  }
  return out.join('\n').trim();
}

export function markdown(r) {
  const out = [];
  out.push(
    `Init Lab benchmark · ${r.date.slice(0, 10)} · ${r.machine} · ${r.backend.backend} · ${r.backend.renderer ?? ''} · ${fmt(r.seconds)} s`,
  );
  out.push('');
  out.push(
    `Backend peak: ${giga(r.peak.flopsPerSec)} GFLOP/s (chains of ${r.peak.chain} ${r.peak.n}×${r.peak.n} matMuls, best of ${r.peak.tries.length}: ${r.peak.tries.map(giga).join(', ')}).`,
  );
  out.push('');
  out.push(
    '| case | lab loop (examples/s) | model.fit (examples/s) | lab / fit | lab, op-by-op updates / fit | MFLOP per step | lab loop GFLOP/s | lab % of peak | fit % of peak |',
  );
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const x of r.rows) {
    out.push(
      `| ${x.case} | ${fmt(x.labExamplesPerSec)} | ${fmt(x.fitExamplesPerSec)} | ${x.ratio.toFixed(2)}x | ${fmt(x.opByOpRatio, 2)}x | ${(x.flopsPerStep / 1e6).toFixed(1)} | ${giga(x.labFlopsPerSec)} | ${pct(x.labFractionOfPeak)} | ${pct(x.fitFractionOfPeak)} |`,
    );
  }
  if (r.rows.some((x) => x.productFlopsPerSec)) {
    out.push('');
    out.push("| case | step's products alone, at its shapes (GFLOP/s) | their % of peak | lab loop % of that |");
    out.push('| --- | ---: | ---: | ---: |');
    for (const x of r.rows)
      out.push(`| ${x.case} | ${giga(x.productFlopsPerSec)} | ${pct(x.productFractionOfPeak)} | ${pct(x.labFractionOfProducts)} |`);
  }
  if (r.optimizers?.length) {
    out.push('');
    out.push(
      `Fused update passes vs tf.train after ${r.optimizers[0].steps} steps (largest difference of a weight, as a fraction of the largest move): ${r.optimizers.map((o) => `${o.rule} ${o.vsTfjs.toExponential(1)}`).join(', ')}.`,
    );
  }
  out.push('');
  out.push(`| variants compared (default MLP, ${r.compare[0].steps} steps, bench page) | wall time | × one run |`);
  out.push('| ---: | ---: | ---: |');
  for (const c of r.compare) out.push(`| ${c.variants} | ${(c.ms / 1000).toFixed(1)} s | ${c.multipleOfOne.toFixed(2)}x |`);
  for (const [name, e] of Object.entries(r.evalShare ?? {})) {
    if (!e) continue;
    out.push(
      '',
      `Evaluation in the default run (\`steps=300\`, bench page, ${name}): ${e.evals} evaluations after step 0 took ${(e.evalMs / 1000).toFixed(1)} s against ${(e.trainMs / 1000).toFixed(1)} s of training, ${pct(e.share)} of training time.`,
    );
  }
  for (const c of r.snapshotCost ?? []) {
    out.push(
      '',
      `Snapshot for resuming after a lost context (default MLP, ${c.runs} runs in ${c.groups} group(s), stacking ${c.stacking}, bench page): ${c.megabytes.toFixed(1)} MB, ${fmt(c.meanMs)} ms each (max ${fmt(c.maxMs)}), against ${fmt(c.msPerStep)} ms per step and ${fmt(c.msPerEvaluation)} ms per evaluation.`,
    );
  }
  if (r.backends) {
    const b = r.backends;
    const w = b.wasm;
    out.push('');
    out.push(
      `Backends side by side on this machine (ms per training step; wasm ${w ? `${w.simd ? 'SIMD' : 'no SIMD'}, ${w.threads} thread(s)` : 'did not start'}; page ${b.crossOriginIsolated ? '' : 'not '}cross-origin isolated):`,
    );
    out.push('');
    out.push('| shape | backend | 1 run | 8 runs stacked | 8 runs one by one | stacking pays |');
    out.push('| --- | --- | ---: | ---: | ---: | :---: |');
    for (const x of b.rows) {
      const pays = x.eightStacked !== null && x.eightSeparate !== null ? (x.eightStacked < x.eightSeparate ? 'yes' : 'no') : 'n/a';
      out.push(`| ${x.shape} | ${x.backend} | ${fmt(x.one)} | ${fmt(x.eightStacked)} | ${fmt(x.eightSeparate)} | ${pays} |`);
    }
    if (b.errors.length) out.push('', `Backend errors: ${b.errors.join('; ')}`);
  }
  out.push('');
  out.push(
    '| real app (training in the worker) | navigation → first step | first step → Done | main-thread long tasks in that span | longest | their total |',
  );
  out.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const t of r.longTasks) {
    out.push(
      `| \`${t.query}\` | ${(t.navigationToFirstStepMs / 1000).toFixed(1)} s | ${(t.trainingMs / 1000).toFixed(1)} s | ${t.count} | ${fmt(t.longestMs)} ms | ${fmt(t.totalMs)} ms |`,
    );
  }
  const phases = phasesMarkdown(r.longTasks ?? []);
  if (phases) out.push('', phases);
  if (r.appCompare?.length) {
    out.push('');
    out.push('| real app: comparison of K runs (MLP 784-W-W-10, bs 64) | runs | first step → Done | × one run | examples/s per run |');
    out.push('| --- | ---: | ---: | ---: | ---: |');
    for (const c of r.appCompare)
      out.push(
        `| W ${c.width}, ${c.steps} steps: ${c.label} | ${c.runs} | ${(c.ms / 1000).toFixed(1)} s | ${c.multipleOfOne.toFixed(2)}x | ${fmt(c.examplesPerSecPerRun)} |`,
      );
  }
  const app = r.longTasks?.[0];
  const b = r.baselines;
  if (app && b) {
    const rate = (300 * 64 * 1000) / app.trainingMs;
    const bestFit = Math.max(b.fitWebgl, b.fitWasm ?? 0);
    out.push(
      '',
      `Real app, \`${app.query}\`, first step → Done (evaluations included): ${fmt(rate)} examples/s; plain model.fit on the same MLP and batch: ${fmt(b.fitWebgl)} on WebGL, ${fmt(b.fitWasm)} on wasm (app ${(rate / bestFit).toFixed(2)}x the faster); ConvNetJS (SGD + momentum, CPU JavaScript): ${fmt(b.convnetjs)} (app ${(rate / b.convnetjs).toFixed(2)}x).`,
    );
  }
  out.push('');
  const m = r.memory;
  out.push(
    `| training-thread memory (${m.runs} runs: ${Object.entries(m.endings)
      .map(([k, v]) => `${v}× ${k}`)
      .join(', ')}) | after first run | after ${m.runs} more | unchanged |`,
  );
  out.push('| --- | ---: | ---: | :---: |');
  out.push(`| tensors | ${m.before?.numTensors ?? 'n/a'} | ${m.after?.numTensors ?? 'n/a'} | ${m.unchanged.numTensors ? 'yes' : 'NO'} |`);
  out.push(`| tensor bytes | ${kib(m.before?.numBytes)} | ${kib(m.after?.numBytes)} | ${m.unchanged.numBytes ? 'yes' : 'NO'} |`);
  out.push(
    `| WebGL bytes, live textures | ${kib(m.before?.gpuBytes)} | ${kib(m.after?.gpuBytes)} | ${m.unchanged.gpuBytes ? 'yes' : 'NO'} |`,
  );
  out.push(
    `| WebGL bytes, incl. TF.js reuse pool | ${kib(m.before?.gpuBytesAllocated)} | ${kib(m.after?.gpuBytesAllocated)} | ${m.unchanged.gpuBytesAllocated ? 'yes' : 'NO'} |`,
  );
  if (!m.poolBytes?.length) return out.join('\n');
  const steps = new Set(m.poolBytes).size - 1;
  out.push('');
  out.push(
    `TF.js texture pool after each of the ${m.runs} runs: ${steps <= 0 ? 'constant' : `${steps} change(s), ${kib(Math.min(...m.poolBytes))} → ${kib(Math.max(...m.poolBytes))}`}.`,
  );
  return out.join('\n');
}
