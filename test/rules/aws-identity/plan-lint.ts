import { fileURLToPath } from 'node:url';
import { lint } from '../../../src/engine/lint.js';
import type { AnyRule } from '../../../src/rules/define-rule.js';
import { verdicts } from '../../helpers/graph.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/aws-identity/', import.meta.url));

/** Lints a plan fixture of test/fixtures/aws-identity with the given rules. */
export function lintFixture(name: string, rules: readonly AnyRule[]): { findings: string[]; unverified: string[] } {
  const result = lint([`${FIXTURES}${name}/plan.json`], { rules });
  if (result.errors.length > 0) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return verdicts(result);
}
