import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { Finding } from '../engine/result.js';

/** Metadata type under which `PullfixSuppressions` records suppressions on a construct. */
export const SUPPRESSIONS_METADATA = 'pullfix:suppressions';

/** A rule accepted on a construct and everything below it. */
export interface RuleSuppression {
  /** Rule id (`PF-AWS-001`) or name (`eks-node-role-missing-ecr-pull`). */
  readonly id: string;
  /** Why the finding is accepted; at least 10 characters, so that reviews can judge it. */
  readonly reason: string;
}

export const MIN_REASON_LENGTH = 10;

/**
 * Suppressions for the pullfix Aspect and plugin, written on constructs like cdk-nag v2's
 * `NagSuppressions.addResourceSuppressions`: they apply to the construct and all its children, and a
 * reason of at least 10 characters is mandatory.
 */
export class PullfixSuppressions {
  static addSuppressions(construct: IConstruct, suppressions: readonly RuleSuppression[]): void {
    for (const s of suppressions) {
      if (typeof s.reason !== 'string' || s.reason.trim().length < MIN_REASON_LENGTH) {
        throw new Error(`pullfix: suppression of ${s.id} on ${construct.node.path} needs a reason of at least ${MIN_REASON_LENGTH} characters`);
      }
    }
    construct.node.addMetadata(SUPPRESSIONS_METADATA, suppressions.map((s) => ({ id: s.id, reason: s.reason.trim() })));
  }
}

/** Namespaces an acknowledged id may carry: none, CDK's annotation namespace, or the plugin's. */
const PREFIX = /^(?:annotation|pullfix)::/i;

/**
 * Rules accepted per construct path (no leading slash): `Validations.of(x).acknowledge({id, reason})`
 * (ids `PF-AWS-001`, `Annotation::PF-AWS-001` or `pullfix::PF-AWS-001`, as cdk-nag v3 reads them) and
 * `PullfixSuppressions`. Read once per run from the construct tree.
 */
export function acceptedRules(root: IConstruct): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const add = (path: string, id: string, reason: string): void => {
    let rules = out.get(path);
    if (!rules) out.set(path, (rules = new Map()));
    rules.set(id.replace(PREFIX, ''), reason);
  };
  const visit = (construct: IConstruct): void => {
    for (const entry of construct.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data && typeof entry.data === 'object') {
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) add(construct.node.path, id, String(reason ?? ''));
      } else if (entry.type === SUPPRESSIONS_METADATA && Array.isArray(entry.data)) {
        for (const s of entry.data as RuleSuppression[]) add(construct.node.path, s.id, s.reason);
      }
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(root);
  return out;
}

/** Whether a finding's construct (or one of its parents) accepts the rule. */
export function isAccepted(finding: Finding, accepted: Map<string, Map<string, string>>): boolean {
  if (accepted.size === 0) return false;
  let path = finding.resource.displayPath;
  while (path !== undefined && path !== '') {
    const rules = accepted.get(path);
    if (rules && (rules.has(finding.ruleId) || rules.has(finding.ruleName))) return true;
    const slash = path.lastIndexOf('/');
    path = slash < 0 ? undefined : path.slice(0, slash);
  }
  return false;
}
