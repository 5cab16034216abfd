import { readFileSync } from 'node:fs';
import { lint } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/engine/result.js';
import { withPositions } from '../../src/report/positions.js';
import { defineRule, type AnyRule } from '../../src/rules/define-rule.js';
// @ts-expect-error plain ES module without types, shared with the CLI tests
import pluginRules from '../fixtures/cli/test-rules.mjs';

export const PLAN = 'test/fixtures/cli/basic/plan.json';

/** A rule that cannot decide on log groups: gives the sample an unverified entry. */
export const undecided = defineRule({
  meta: {
    id: 'PF-AWS-904',
    name: 'log-group-undecided',
    title: 'Log group cannot be checked',
    severity: 'warning',
    category: 'platform',
    providers: ['aws'],
    messages: {},
    remediation: 'Nothing.',
    pullError: 'none',
    references: [],
  },
  check({ graph, cannotVerify }) {
    for (const r of graph.all()) {
      if (r.nativeType === 'aws_cloudwatch_log_group') cannotVerify({ resource: r, path: ['kms_key_id'], reason: 'The key is known only after apply.' });
    }
  },
});

export const sampleRules: readonly AnyRule[] = [...(pluginRules as AnyRule[]), undecided];

/**
 * The shared reporter fixture: findings with line/column and related locations, a suppressed finding
 * (tag), an expired suppression note, an unverified entry, and an input error.
 */
export function sampleResult(): LintResult {
  const result = lint([PLAN, 'test/fixtures/cli/missing.json'], { rules: sampleRules, now: new Date('2026-06-01T00:00:00Z') });
  return withPositions(result, (file) => readFileSync(file, 'utf8'));
}
