import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { App } from 'aws-cdk-lib';
import { lint } from '../../src/engine/lint.js';
import './apps.js'; // CDK_VALIDATION=false

/** Parity: every scenario with a CDK twin yields the rule ids of expected.json, like its Terraform plan. */
const scenarios = readdirSync('examples').filter((name) => existsSync(join('examples', name, 'cdk', 'app.ts')));

describe.each(scenarios)('examples/%s/cdk', (scenario) => {
  const expected = JSON.parse(readFileSync(join('examples', scenario, 'expected.json'), 'utf8')) as { broken: string[]; fixed: string[] };
  for (const variant of ['broken', 'fixed'] as const) {
    it(`${variant} gives ${expected[variant].join(', ') || 'no finding'}`, async () => {
      const { build } = await import(`../../examples/${scenario}/cdk/app.ts`) as { build(v: string, outdir: string): App };
      const outdir = mkdtempSync(join(tmpdir(), `pullfix-example-${scenario}-`));
      build(variant, outdir).synth();
      const result = lint([outdir]);
      expect(result.errors).toEqual([]);
      expect([...new Set(result.findings.map((f) => f.ruleId))].sort()).toEqual([...expected[variant]].sort());
    });
  }
});
