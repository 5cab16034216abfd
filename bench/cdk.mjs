// CDK synth overhead (performance.md §6 G9, §7 "CDK triplet"): the same app synthesized with no
// checks, with the pullfix policy-validation plugin, with the pullfix Aspect, and with cdk-nag v3
// AwsSolutionsChecks, each in a fresh process with CDK_VALIDATION=false, interleaved, median of N.
// `npm run bench` runs it after the plan ratio; alone:
//   npm run build && node bench/cdk.mjs [--services 310[,940]] [--node-groups 2] [--runs 3]
// 310 services ≈ 1,833 CloudFormation resources and 940 ≈ 5,500, the sizes of G9 (bench/cdk-app.mjs
// describes the app). Targets (G9): plugin ≤ +3% and Aspect ≤ +20% of the total time, and each
// adds ≤ 0.15× the time cdk-nag adds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MODES = ['none', 'plugin', 'aspect', 'nag'];
const APP = fileURLToPath(new URL('./cdk-app.mjs', import.meta.url));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function once(mode, services, nodeGroups) {
  const outdir = mkdtempSync(join(tmpdir(), `pullfix-bench-${mode}-`));
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [APP, mode, String(services), outdir, String(nodeGroups)], {
    encoding: 'utf8', env: { ...process.env, CDK_VALIDATION: 'false' },
  });
  const wallMs = performance.now() - t0;
  rmSync(outdir, { recursive: true, force: true });
  if (run.status !== 0) throw new Error(`${mode}: ${run.stderr}`);
  const { synthMs, resources } = JSON.parse(run.stdout.trim().split('\n').pop());
  return { wallMs, synthMs, resources };
}

/** Runs the triplet (and the Aspect) for one app size and prints the medians and the G9 ratios. */
export function cdkTriplet({ services = 310, nodeGroups = 2, runs = 3 } = {}) {
  const results = Object.fromEntries(MODES.map((m) => [m, []]));
  once('none', services, nodeGroups); // warm the module cache
  for (let i = 0; i < runs; i += 1) for (const m of MODES) results[m].push(once(m, services, nodeGroups));
  const wall = (m) => median(results[m].map((r) => r.wallMs));
  const synth = (m) => median(results[m].map((r) => r.synthMs));
  // Added time is the median of the per-round differences against `none` (runs are interleaved by
  // round), which cancels the machine's slow drifts better than a difference of medians.
  const added = (m, key) => median(results[m].map((r, i) => r[key] - results.none[i][key]));
  const base = wall('none');
  const baseSynth = synth('none');
  console.log(`CDK app: ${services} services, ${nodeGroups} node groups per stack of 40, ${results.none[0].resources} CloudFormation resources; node ${process.version}; CDK_VALIDATION=false; median of ${runs}`);
  const pct = (x, of) => `${x >= 0 ? '+' : ''}${((x / of) * 100).toFixed(1)}%`;
  for (const m of MODES) {
    const w = added(m, 'wallMs');
    const sy = added(m, 'synthMs');
    console.log(`  ${m.padEnd(7)} total ${wall(m).toFixed(0).padStart(6)} ms (added ${w.toFixed(0).padStart(5)} ms, ${pct(w, base)})  app.synth() ${synth(m).toFixed(0).padStart(6)} ms (added ${sy.toFixed(0).padStart(5)} ms, ${pct(sy, baseSynth)})`);
  }
  const nagAdded = added('nag', 'wallMs');
  for (const [m, target] of [['plugin', 3], ['aspect', 20]]) {
    const w = added(m, 'wallMs');
    const share = (w / base) * 100;
    const ratio = w / nagAdded;
    console.log(`  pullfix ${m}: +${share.toFixed(1)}% of the total (target ≤ ${target}%) ${share <= target ? 'OK' : 'ABOVE TARGET'}; ${ratio.toFixed(3)}× cdk-nag's added time (target ≤ 0.15) ${ratio <= 0.15 ? 'OK' : 'ABOVE TARGET'}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values: args } = parseArgs({
    options: { services: { type: 'string', default: '310' }, 'node-groups': { type: 'string', default: '2' }, runs: { type: 'string', default: '3' } },
  });
  for (const services of args.services.split(',')) {
    cdkTriplet({ services: Number(services), nodeGroups: Number(args['node-groups']), runs: Number(args.runs) });
  }
}
