import { lint } from '../../../src/engine/lint.js';
import type { AnyRule } from '../../../src/rules/define-rule.js';
import { rules } from '../../../src/rules/index.js';
import { verdicts } from '../../helpers/graph.js';

/** The rules of the network path (PF-AWS-009…018, 021, 024). */
export const NETWORK_RULE_IDS = [
  'PF-AWS-009', 'PF-AWS-010', 'PF-AWS-011', 'PF-AWS-012', 'PF-AWS-013', 'PF-AWS-014', 'PF-AWS-015',
  'PF-AWS-016', 'PF-AWS-017', 'PF-AWS-018', 'PF-AWS-021', 'PF-AWS-024',
];

export const networkRules: readonly AnyRule[] = rules.filter((r) => NETWORK_RULE_IDS.includes(r.meta.id));
export const awsRules: readonly AnyRule[] = rules.filter((r) => r.meta.id.startsWith('PF-AWS-'));

/** Findings and unverified entries of the given rules on a committed plan under test/fixtures/aws-network/. */
export function run(fixture: string, only: readonly AnyRule[] = networkRules): { findings: string[]; unverified: string[] } {
  const result = lint([`test/fixtures/aws-network/${fixture}/plan.json`], { rules: only });
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  return verdicts(result);
}
