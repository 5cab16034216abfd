// CDK synth overhead (performance.md §6 G9, §7 "CDK triplet"): the same app synthesized with no
// checks, with the pullfix policy-validation plugin, with the pullfix Aspect, and with cdk-nag v3
// AwsSolutionsChecks, each in a fresh process with CDK_VALIDATION=false, interleaved, median of N.
// Usage: npm run build && node bench/cdk.mjs [--units 200] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({ options: { units: { type: 'string', default: '200' }, runs: { type: 'string', default: '3' } } });
const modes = ['none', 'plugin', 'aspect', 'nag'];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function once(mode) {
  const outdir = mkdtempSync(join(tmpdir(), `pullfix-bench-${mode}-`));
  const t0 = performance.now();
  const run = spawnSync(process.execPath, ['bench/cdk-app.mjs', mode, args.units, outdir], {
    encoding: 'utf8', env: { ...process.env, CDK_VALIDATION: 'false' },
  });
  const wallMs = performance.now() - t0;
  rmSync(outdir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`${mode}: ${run.stderr}`);
  const { synthMs, resources } = JSON.parse(run.stdout.trim().split('\n').pop());
  return { wallMs, synthMs, resources };
}

const results = Object.fromEntries(modes.map((m) => [m, []]));
once('none'); // warm the module cache
for (let i = 0; i < Number(args.runs); i += 1) for (const m of modes) results[m].push(once(m));
const base = median(results.none.map((r) => r.wallMs));
const baseSynth = median(results.none.map((r) => r.synthMs));
console.log(`CDK app: ${args.units} units, ${results.none[0].resources} CloudFormation resources; node ${process.version}; CDK_VALIDATION=false; median of ${args.runs}`);
for (const m of modes) {
  const wall = median(results[m].map((r) => r.wallMs));
  const synth = median(results[m].map((r) => r.synthMs));
  const added = wall - base;
  console.log(`${m.padEnd(7)} total ${wall.toFixed(0).padStart(6)} ms (${added >= 0 ? '+' : ''}${((added / base) * 100).toFixed(1)}%)  app.synth() ${synth.toFixed(0).padStart(6)} ms (${(((synth - baseSynth) / baseSynth) * 100).toFixed(1)}%)`);
}
const nagAdded = median(results.nag.map((r) => r.wallMs)) - base;
for (const m of ['plugin', 'aspect']) {
  const added = median(results[m].map((r) => r.wallMs)) - base;
  console.log(`pullfix ${m} added time / cdk-nag added time: ${(added / nagAdded).toFixed(3)} (target ≤ 0.15)`);
}
