import type { RolePolicies, PolicySource, UnreadablePolicy } from './role-policies.js';
import { actionMatches, conditionsHold, statementApplies, triOr, type Request, type Statement, type Tri } from './policy.js';

/** A statement and the policy it belongs to. */
export interface Match {
  readonly source: PolicySource;
  readonly statement: Statement;
}

/**
 * How a role's identity policies answer one request. The parts are kept apart so that rules can tell
 * "nothing grants it" (PF-AWS-001/002) from "a Deny or the boundary takes it away" (PF-AWS-004).
 */
export interface Decision {
  /** Some Allow statement of the identity policies matches (ignoring Deny and boundary). */
  readonly allow: Tri;
  readonly allowedBy: readonly Match[];
  /** Some Deny statement matches: `yes` (unconditionally or with conditions that hold), or `unknown`. */
  readonly deny: Tri;
  readonly deniedBy: readonly Match[];
  /** Deny statements whose conditions cannot be evaluated. */
  readonly denyUncertain: readonly Match[];
  /** Allow statements whose conditions cannot be evaluated. */
  readonly allowUncertain: readonly Match[];
  /** The permissions boundary allows the request (`yes` when there is none). */
  readonly boundary: Tri;
  /** Policies whose documents cannot be read (they might grant or deny). */
  readonly unreadable: readonly UnreadablePolicy[];
  /** The request is allowed in the end. */
  readonly effective: Tri;
}

function scan(sources: readonly PolicySource[], effect: 'Allow' | 'Deny', request: Request): { result: Tri; matches: Match[]; uncertain: Match[] } {
  let result: Tri = 'no';
  const matches: Match[] = [];
  const uncertain: Match[] = [];
  for (const source of sources) {
    for (const statement of source.document.statements) {
      if (statement.effect !== effect) continue;
      const applies = statementApplies(statement, request);
      if (applies === 'no') continue;
      if (applies === 'yes') matches.push({ source, statement });
      result = triOr(result, applies);
      if (applies === 'unknown') uncertain.push({ source, statement });
    }
  }
  return { result, matches, uncertain };
}

/** Evaluates a request against a role's identity policies and permissions boundary. */
export function evaluate(policies: RolePolicies, request: Request): Decision {
  const allow = scan(policies.identity, 'Allow', request);
  const deny = scan(policies.identity, 'Deny', request);
  let boundary: Tri = 'yes';
  if (policies.boundary) {
    const b = scan([policies.boundary], 'Allow', request);
    const bd = scan([policies.boundary], 'Deny', request);
    boundary = bd.result === 'yes' ? 'no' : bd.result === 'unknown' && b.result === 'yes' ? 'unknown' : b.result;
  } else if (policies.boundaryUnreadable) {
    boundary = 'unknown';
  }
  let allowTri: Tri = allow.result;
  // An unreadable policy might grant what the readable ones do not.
  if (allowTri === 'no' && policies.unreadable.length > 0) allowTri = 'unknown';
  let effective: Tri;
  if (deny.result === 'yes' || boundary === 'no' || allowTri === 'no') effective = 'no';
  else if (allowTri === 'yes' && deny.result === 'no' && boundary === 'yes') effective = 'yes';
  else effective = 'unknown';
  return {
    allow: allowTri,
    allowedBy: allow.matches,
    deny: deny.result,
    deniedBy: deny.matches,
    denyUncertain: deny.uncertain,
    allowUncertain: allow.uncertain,
    boundary,
    unreadable: policies.unreadable,
    effective,
  };
}

/**
 * Whether any Allow statement grants the action on some resource (conditions ignored): tells a role
 * that has the permission but scoped elsewhere (PF-AWS-002) from one that lacks it (PF-AWS-001).
 */
export function grantsActionSomewhere(policies: RolePolicies, action: string): boolean {
  return policies.identity.some((s) => s.document.statements.some((st) => st.effect === 'Allow' && actionMatches(st, action)));
}

export { conditionsHold };
