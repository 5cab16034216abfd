import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { str } from '../attributes.js';

/**
 * Account, region and partition of an AWS resource: the provider context the input states, else the
 * resource's own ARN, else the single `aws_caller_identity` / `aws_region` data source of its input.
 */
const ARN = /^arn:([^:]+):([^:]*):([^:]*):(\d{12})?:/;

function single(graph: ResourceGraph, near: Resource, kind: 'aws.meta.calleridentity' | 'aws.meta.region', keys: readonly string[]): string | undefined {
  const values = new Set<string>();
  for (const r of graph.ofKind(kind)) {
    if (r.input.index !== near.input.index) continue;
    for (const key of keys) {
      const v = str(r, [key]);
      if (v) { values.add(v); break; }
    }
  }
  return values.size === 1 ? [...values][0] : undefined;
}

export function accountOf(graph: ResourceGraph, resource: Resource): string | undefined {
  if (resource.context.awsAccountId) return resource.context.awsAccountId;
  const arn = str(resource, ['arn']);
  const fromArn = arn ? ARN.exec(arn)?.[4] : undefined;
  if (fromArn) return fromArn;
  return single(graph, resource, 'aws.meta.calleridentity', ['account_id']);
}

export function regionOf(graph: ResourceGraph, resource: Resource): string | undefined {
  if (resource.context.awsRegion) return resource.context.awsRegion;
  const own = str(resource, ['region']);
  if (own) return own;
  const arn = str(resource, ['arn']);
  const fromArn = arn ? ARN.exec(arn)?.[3] : undefined;
  if (fromArn) return fromArn;
  return single(graph, resource, 'aws.meta.region', ['region', 'name']);
}

/** AWS partition of a region (arn:aws, arn:aws-cn, arn:aws-us-gov, arn:aws-eusc). */
export function partitionOf(region: string | undefined): string {
  if (!region) return 'aws';
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** The ARN a role will have: its own `arn` when known, else built from account, path and name. */
export function roleArnOf(graph: ResourceGraph, role: Resource): string | undefined {
  const arn = str(role, ['arn']);
  if (arn) return arn;
  const name = str(role, ['name']);
  const account = accountOf(graph, role);
  if (!name || !account) return undefined;
  const path = str(role, ['path']) ?? '/';
  return `arn:${partitionOf(regionOf(graph, role))}:iam::${account}:role${path}${name}`;
}

/** Account of an ARN, or of a bare 12-digit account id. */
export function accountOfArn(arn: string): string | undefined {
  if (/^\d{12}$/.test(arn)) return arn;
  return ARN.exec(arn)?.[4] || undefined;
}
