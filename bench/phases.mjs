// In-process phase and per-rule timings of one lint run (bench/run.mjs --rules-profile bundles this
// file with the sources, so it measures the same code as the CLI without changing the CLI).
//
// Phases: read + JSON.parse + translate (load), graph indexes (graph), each rule alone on the shared
// graph (rules: the per-graph caches are warm for later rules, as in a real run), the complete
// lintLoaded (rules + suppressions + fingerprints + sort), source positions, JSON report.
// Prints one JSON object on stdout.

import { readFileSync } from 'node:fs';
import { loadInputs } from '../src/engine/load.ts';
import { buildGraph, lintLoaded } from '../src/engine/lint.ts';
import { runRules } from '../src/engine/run-rules.ts';
import { rules } from '../src/rules/index.ts';
import { withPositions } from '../src/report/positions.ts';
import { formatJson } from '../src/report/json.ts';

const file = process.argv[2];
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

let t = process.hrtime.bigint();
const { loaded, errors } = loadInputs([file]);
const load = ms(t);
if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));

t = process.hrtime.bigint();
const graph = buildGraph(loaded);
const graphMs = ms(t);

const perRule = [];
for (const rule of rules) {
  t = process.hrtime.bigint();
  const out = runRules(graph, [rule]);
  perRule.push({ id: rule.meta.id, ms: ms(t), findings: out.findings.length, unverified: out.unverified.length });
}

t = process.hrtime.bigint();
const result = lintLoaded(loaded, errors);
const lintMs = ms(t);

t = process.hrtime.bigint();
const placed = withPositions(result, (f) => readFileSync(f, 'utf8'));
const positions = ms(t);

t = process.hrtime.bigint();
const report = formatJson(placed);
const json = ms(t);

console.log(JSON.stringify({
  load,
  graph: graphMs,
  rulesAlone: perRule.reduce((s, r) => s + r.ms, 0),
  lintLoaded: lintMs,
  positions,
  json,
  reportBytes: report.length,
  findings: result.findings.length,
  unverified: result.unverified.length,
  perRule,
}));
