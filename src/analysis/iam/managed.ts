import bundle from './managed-policies.json' with { type: 'json' };
import { parsePolicy, type PolicyDocument } from './policy.js';

/**
 * AWS managed policies, as documents: pullfix evaluates what a policy grants, never its name, so a
 * role passes with any policy that contains the pull actions (ReadOnly, PullOnly, PowerUser, the
 * Fargate and ECS policies, PowerUserAccess through NotAction, AdministratorAccess).
 * Snapshot of the default versions, see managed-policies.json (`versionId`, `source`).
 */
export interface ManagedPolicy {
  /** Path and name, e.g. "AmazonEC2ContainerRegistryReadOnly" or "service-role/AmazonEBSCSIDriverPolicy". */
  readonly key: string;
  readonly name: string;
  readonly versionId: string;
  readonly document: PolicyDocument;
}

const MANAGED_ARN = /^arn:[a-z-]+:iam::aws:policy\/(.+)$/;

const byKey = new Map<string, ManagedPolicy>();
for (const [key, entry] of Object.entries(bundle.policies)) {
  const document = parsePolicy(entry.document);
  if (document) byKey.set(key, { key, name: key.split('/').pop()!, versionId: entry.versionId, document });
}

/** Whether an ARN names an AWS managed policy (`arn:<partition>:iam::aws:policy/[path/]Name`). */
export function isManagedPolicyArn(arn: string): boolean {
  return MANAGED_ARN.test(arn);
}

/** The bundled document of an AWS managed policy ARN; undefined when the snapshot lacks it. */
export function managedPolicy(arn: string): ManagedPolicy | undefined {
  const key = MANAGED_ARN.exec(arn)?.[1];
  return key === undefined ? undefined : byKey.get(key);
}

/** Name of the managed policy an ARN names, for messages. */
export function managedPolicyName(arn: string): string {
  return (MANAGED_ARN.exec(arn)?.[1] ?? arn).split('/').pop()!;
}
