import type { Verdict } from './security-groups.js';

/**
 * A small evaluator for VPC endpoint policies: resource-based policies where an absent policy means
 * full access. It answers "does the policy let `principal` perform `action` on `resource`": an Allow
 * must match, and no Deny may; conditions are not evaluated (they make the verdict unknown).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Principal ARN when known; undefined matches only wildcard principals. */
  readonly principal?: string;
}

interface Statement {
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: unknown;
}

function list(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** IAM wildcard matching: `*` any run, `?` one character; actions compare case-insensitively. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'i' : '').test(value);
}

function principalMatches(statement: Statement, principal: string | undefined): Verdict {
  if (statement.NotPrincipal !== undefined) return 'unknown';
  const p = statement.Principal;
  if (p === undefined) return 'yes';
  if (p === '*') return 'yes';
  if (typeof p === 'object' && p !== null) {
    const aws = list((p as Record<string, unknown>).AWS);
    if (aws.includes('*')) return 'yes';
    if (principal === undefined) return 'unknown';
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(principal)?.[1];
    return aws.some((a) => a === principal || a === account || (account !== undefined && a.endsWith(`:iam::${account}:root`))) ? 'yes' : 'no';
  }
  return 'unknown';
}

function matches(statement: Statement, request: Request): Verdict {
  const actionOk = statement.NotAction !== undefined
    ? !list(statement.NotAction).some((a) => globMatch(a, request.action, true))
    : list(statement.Action).some((a) => globMatch(a, request.action, true));
  if (!actionOk) return 'no';
  const resourceOk = statement.NotResource !== undefined
    ? !list(statement.NotResource).some((r) => globMatch(r, request.resource))
    : list(statement.Resource).some((r) => globMatch(r, request.resource));
  if (!resourceOk) return 'no';
  const principal = principalMatches(statement, request.principal);
  if (principal === 'no') return 'no';
  if (principal === 'unknown') return 'unknown';
  return statement.Condition !== undefined && Object.keys(statement.Condition as object).length > 0 ? 'unknown' : 'yes';
}

/** Parses a policy document given as a JSON string (or already parsed). Undefined when unreadable. */
export function parsePolicy(document: unknown): Statement[] | undefined {
  let value = document;
  if (typeof value === 'string') {
    try { value = JSON.parse(value); } catch { return undefined; }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const statements = (value as { Statement?: unknown }).Statement;
  if (Array.isArray(statements)) return statements.filter((s): s is Statement => typeof s === 'object' && s !== null);
  if (typeof statements === 'object' && statements !== null) return [statements as Statement];
  return undefined;
}

/** Whether the policy allows the request: yes, no (no matching Allow, or a matching Deny), or unknown. */
export function policyAllows(statements: readonly Statement[], request: Request): Verdict {
  let allowed: Verdict = 'no';
  let denyUnsure = false;
  for (const statement of statements) {
    const verdict = matches(statement, request);
    if (statement.Effect === 'Deny') {
      if (verdict === 'yes') return 'no';
      if (verdict === 'unknown') denyUnsure = true;
    } else if (statement.Effect === 'Allow') {
      if (verdict === 'yes') allowed = 'yes';
      else if (verdict === 'unknown' && allowed === 'no') allowed = 'unknown';
    }
  }
  return allowed === 'yes' && denyUnsure ? 'unknown' : allowed;
}
