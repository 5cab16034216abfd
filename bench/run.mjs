// Lint throughput relative to the JSON.parse floor (performance.md §6 G1, §7 protocol).
//
// Generates the seeded ~20 MB / ~5k-resource plan (bench/generate.mjs) unless it exists, then runs,
// as fresh processes interleaved (bare, lint, bare, lint, …), N times each:
//   bare: node -e "JSON.parse(require('fs').readFileSync(f,'utf8'))" <file>
//   lint: node dist/pullfix.mjs lint --format json -o /dev/null <file>
// and prints the medians and their ratio. Target: ratio ≤ 1.5. Not a test: timings depend on the machine.
//
// Then, unless --no-cdk, the CDK triplet of bench/cdk.mjs (performance.md G9): what the pullfix
// plugin and Aspect add to a CDK app's synthesis, next to cdk-nag (--cdk-services 310,940 for both
// G9 sizes; 310 alone by default).
//
// Usage: npm run bench [-- --runs 5 --resources 4875 --seed 42 --regenerate --config FILE --rules-profile --hub
//                          --no-cdk --cdk-services 310,940 --cdk-runs 3]
//
// --rules-profile: also bundles bench/phases.mjs with the sources and prints, from one fresh
// process, the time of each phase (load, graph, each rule alone, complete lint, positions, JSON
// report) and flags rules costing more than twice the median rule (performance.md G11).

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    resources: { type: 'string', default: '4875' },
    seed: { type: 'string', default: '42' },
    regenerate: { type: 'boolean', default: false },
    target: { type: 'string', default: '1.5' },
    // diagnostics only: a pullfix config file (e.g. to switch rules off and find the slow one)
    config: { type: 'string' },
    'rules-profile': { type: 'boolean', default: false },
    // performance.md G5: the same plan with ~10% fan-in onto hubs (bench/generate.mjs --hub)
    hub: { type: 'boolean', default: false },
    'no-cdk': { type: 'boolean', default: false },
    'cdk-services': { type: 'string', default: '310' },
    'cdk-runs': { type: 'string', default: '3' },
  },
});

const file = `bench/out/plan-${args.resources}-seed${args.seed}${args.hub ? '-hub' : ''}.json`;
if (args.regenerate || !existsSync(file)) {
  const gen = spawnSync(process.execPath, ['bench/generate.mjs', '--resources', args.resources, '--seed', args.seed, '--out', file, ...(args.hub ? ['--hub'] : [])], { stdio: 'inherit' });
  if (gen.status !== 0) process.exit(gen.status ?? 1);
}

// Environment that would distort the floor (performance.md §4.2) is removed for both commands alike.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
delete env.NODE_OPTIONS;

const bare = [process.execPath, ['-e', "JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'))", file]];
const lint = [process.execPath, ['dist/pullfix.mjs', 'lint', '--format', 'json', '-o', '/dev/null',
  ...(args.config ? ['-c', args.config] : ['--no-config']), file]];
const hasTime = existsSync('/usr/bin/time');

function run([command, argv]) {
  const start = process.hrtime.bigint();
  const result = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', command, ...argv], { env, encoding: 'utf8' })
    : spawnSync(command, argv, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // lint exits 1 when it reports findings; 2 would be an input or usage error
  if (result.status !== 0 && result.status !== 1) {
    console.error(`${command} ${argv.join(' ')} exited ${result.status}:\n${result.stderr}`);
    process.exit(1);
  }
  const lines = (result.stderr ?? '').trim().split('\n');
  const rssKb = hasTime ? Number(lines[lines.length - 1]) : NaN;
  return { ms, rssMb: rssKb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const runs = Number(args.runs);
const plan = JSON.parse(readFileSync(file, 'utf8'));
console.log(`plan: ${file} — ${plan.resource_changes.length} resources, ${(statSync(file).size / 1e6).toFixed(1)} MB`);
console.log(`node ${process.version}, ${runs} interleaved runs each, fresh processes${hasTime ? ', peak RSS from /usr/bin/time' : ''}`);
run(bare); // warm the file cache
run(lint);
const bareRuns = [];
const lintRuns = [];
for (let i = 0; i < runs; i += 1) {
  bareRuns.push(run(bare));
  lintRuns.push(run(lint));
}
const bareMs = median(bareRuns.map((r) => r.ms));
const lintMs = median(lintRuns.map((r) => r.ms));
const ratio = lintMs / bareMs;
const fmt = (xs) => xs.map((r) => r.ms.toFixed(0)).join(' ');
console.log(`bare JSON.parse: median ${bareMs.toFixed(0)} ms  [${fmt(bareRuns)}]`);
console.log(`pullfix lint:    median ${lintMs.toFixed(0)} ms  [${fmt(lintRuns)}]`);
if (hasTime) {
  const bareRss = median(bareRuns.map((r) => r.rssMb));
  const lintRss = median(lintRuns.map((r) => r.rssMb));
  console.log(`peak RSS: bare ${bareRss.toFixed(0)} MB, lint ${lintRss.toFixed(0)} MB (×${(lintRss / bareRss).toFixed(2)})`);
}
const target = Number(args.target);
console.log(`ratio lint / JSON.parse: ${ratio.toFixed(2)}× (target ≤ ${target}×) ${ratio <= target ? 'OK' : 'ABOVE TARGET'}`);

if (args['rules-profile']) {
  const { build } = await import('esbuild');
  const bundle = 'bench/out/phases.bundle.mjs';
  await build({
    entryPoints: ['bench/phases.mjs'], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    define: { PULLFIX_VERSION: '"bench"' }, logLevel: 'warning',
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  const out = spawnSync(process.execPath, [bundle, file], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (out.status !== 0) {
    console.error(out.stderr);
    process.exit(1);
  }
  const p = JSON.parse(out.stdout);
  const f = (x) => `${x.toFixed(0).padStart(6)} ms`;
  console.log('\nphases (one process):');
  console.log(`  load (read + JSON.parse + translate) ${f(p.load)}`);
  console.log(`  graph indexes                        ${f(p.graph)}`);
  console.log(`  rules, each alone on one graph       ${f(p.rulesAlone)}`);
  console.log(`  lintLoaded (graph + rules + sort)    ${f(p.lintLoaded)}`);
  console.log(`  source positions                     ${f(p.positions)}`);
  console.log(`  JSON report                          ${f(p.json)}  (${(p.reportBytes / 1e6).toFixed(1)} MB, ${p.findings} findings, ${p.unverified} unverified)`);
  const sorted = [...p.perRule].sort((a, b) => b.ms - a.ms);
  const med = median(p.perRule.map((r) => r.ms));
  console.log(`rules (median ${med.toFixed(1)} ms; * = over 2× the median):`);
  for (const r of sorted) {
    if (r.ms < 1 && r.findings + r.unverified === 0) continue;
    console.log(`  ${r.ms > 2 * med ? '*' : ' '} ${r.id.padEnd(11)} ${f(r.ms)}  ${r.findings} findings, ${r.unverified} unverified`);
  }
}

if (!args['no-cdk']) {
  const { cdkTriplet } = await import('./cdk.mjs');
  console.log('\nCDK synth overhead (G9):');
  for (const services of args['cdk-services'].split(',')) cdkTriplet({ services: Number(services), runs: Number(args['cdk-runs']) });
}
