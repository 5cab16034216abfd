import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/lint.js';
import { formatSarif } from '../src/report/sarif.js';
import { rules } from '../src/rules/index.js';
import { sarifErrors } from './report/sarif-schema.js';

/**
 * Every scenario in examples/ is a broken/fixed pair per input format (terraform/, cdk/, pulumi/, …):
 * each `broken` folder must fire exactly the rule ids of expected.json "broken" as findings, each
 * `fixed` folder must fire none; the SARIF of both must validate against the official schema.
 */
const EXAMPLES = 'examples';
const now = new Date('2026-01-15T00:00:00Z');

function pairs(scenario: string): { kind: 'broken' | 'fixed'; dir: string }[] {
  const out: { kind: 'broken' | 'fixed'; dir: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (!statSync(path).isDirectory()) continue;
      if (entry === 'broken' || entry === 'fixed') out.push({ kind: entry, dir: path });
      else walk(path);
    }
  };
  walk(scenario);
  return out;
}

const scenarios = existsSync(EXAMPLES)
  ? readdirSync(EXAMPLES).filter((name) => statSync(join(EXAMPLES, name)).isDirectory()).sort()
  : [];

describe.each(scenarios)('examples/%s', (name) => {
  const dir = join(EXAMPLES, name);
  const expectedFile = join(dir, 'expected.json');

  it('has expected.json and at least one broken/fixed pair', () => {
    expect(existsSync(expectedFile), `${expectedFile}: add {"broken": ["PF-…"], "fixed": []}`).toBe(true);
    const found = pairs(dir);
    expect(found.some((p) => p.kind === 'broken'), `${dir}: add a broken/ folder`).toBe(true);
    expect(found.some((p) => p.kind === 'fixed'), `${dir}: add a fixed/ folder`).toBe(true);
  });

  const expected = existsSync(expectedFile)
    ? (JSON.parse(readFileSync(expectedFile, 'utf8')) as { broken: string[]; fixed: string[] })
    : { broken: [], fixed: [] };

  for (const { kind, dir: inputDir } of pairs(dir)) {
    it(`${inputDir} fires ${kind === 'broken' ? JSON.stringify(expected.broken) : 'nothing'}`, () => {
      const result = lint([inputDir], { now });
      expect(result.errors).toEqual([]);
      const ids = [...new Set(result.findings.filter((f) => !f.suppressed).map((f) => f.ruleId))].sort();
      expect(ids).toEqual([...(kind === 'broken' ? expected.broken : expected.fixed)].sort());
      expect(sarifErrors(JSON.parse(formatSarif(result, { rules, version: '0.0.0' })))).toEqual([]);
    });
  }
});

it('examples/ exists', () => {
  expect(existsSync(EXAMPLES)).toBe(true);
});
