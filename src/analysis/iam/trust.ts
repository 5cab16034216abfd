import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { resolveRefs } from '../aws-nodes.js';
import { actionMatches, wildcardMatch, type PolicyDocument, type Statement, type Tri } from './policy.js';
import { policyDocumentAt } from './role-policies.js';

/** The trust policy of a role, or why it cannot be read. */
export function trustPolicy(graph: ResourceGraph, role: Resource): { document: PolicyDocument } | { unreadable: string; external: boolean } {
  return policyDocumentAt(graph, role, ['assume_role_policy']);
}

function knownStatements(graph: ResourceGraph, role: Resource): { federated: boolean; podIdentity: boolean } {
  const trust = trustPolicy(graph, role);
  if ('document' in trust) {
    const allows = trust.document.statements.filter((s) => s.effect === 'Allow');
    return {
      federated: allows.some((s) => s.principal?.federated.some((f) => f.includes('oidc-provider/')) && actionMatches(s, 'sts:AssumeRoleWithWebIdentity')),
      podIdentity: allows.some((s) => s.principal?.service.includes('pods.eks.amazonaws.com') === true),
    };
  }
  // Before apply, an aws_iam_policy_document naming the OIDC provider has an unknown `json`; its
  // statement blocks still say who may assume the role.
  let federated = false;
  let podIdentity = false;
  for (const target of graph.resolve(role, ['assume_role_policy'], ['aws.iam.policydocument'])) {
    const statements = target.resource.get(['statement']);
    if (!statements?.known || !Array.isArray(statements.value)) continue;
    for (const st of statements.value as { actions?: unknown; principals?: { type?: unknown; identifiers?: unknown }[] }[]) {
      const actions = Array.isArray(st.actions) ? st.actions : [];
      for (const p of st.principals ?? []) {
        if (p.type === 'Federated' && actions.some((a) => a === 'sts:AssumeRoleWithWebIdentity')) federated = true;
        if (p.type === 'Service' && Array.isArray(p.identifiers) && p.identifiers.includes('pods.eks.amazonaws.com')) podIdentity = true;
      }
    }
  }
  return { federated, podIdentity };
}

/** Roles pods assume: IRSA (trusted by an OIDC provider) and EKS Pod Identity roles. */
export function podRoles(graph: ResourceGraph): { role: Resource; how: string }[] {
  const out = new Map<Resource, string>();
  for (const association of graph.ofKind('aws.eks.podidentityassociation')) {
    const roles = resolveRefs(graph, association, ['role_arn'], ['aws.iam.role']);
    if (roles.status === 'resolved') for (const role of roles.resources) out.set(role, 'EKS Pod Identity');
  }
  for (const role of graph.ofKind('aws.iam.role')) {
    if (out.has(role) || role.mode !== 'managed') continue;
    const { federated, podIdentity } = knownStatements(graph, role);
    if (federated) out.set(role, 'IRSA, trusted by the cluster OIDC provider');
    else if (podIdentity) out.set(role, 'EKS Pod Identity');
  }
  return [...out].map(([role, how]) => ({ role, how }));
}

/** Where the Fargate profile is, as far as the inputs say (undefined = unknown). */
export interface FargateProfileArn {
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
  readonly cluster?: string;
  readonly profile?: string;
}

function segmentMatch(pattern: string, value: string | undefined, wildcards: boolean): Tri {
  if (value === undefined) return pattern === '*' && wildcards ? 'yes' : 'unknown';
  return (wildcards ? wildcardMatch(pattern, value) : pattern === value) ? 'yes' : 'no';
}

/**
 * Whether an `aws:SourceArn` pattern can match the profile's ARN
 * `arn:<partition>:eks:<region>:<account>:fargateprofile/<cluster>/<profile>/<generated id>`.
 * Unknown segments (account, region, the generated id) make the answer unknown unless the pattern
 * has a wildcard there; a literal mismatch on any known segment is a definite no.
 */
export function sourceArnMatches(pattern: string, arn: FargateProfileArn, wildcards: boolean): Tri {
  const parts = pattern.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return wildcards && pattern === '*' ? 'yes' : 'no';
  const resource = parts.slice(5).join(':');
  let result: Tri = 'yes';
  const and = (t: Tri): void => {
    if (t === 'no' || result === 'no') result = 'no';
    else if (t === 'unknown') result = 'unknown';
  };
  and(segmentMatch(parts[1]!, arn.partition, wildcards));
  and(segmentMatch(parts[2]!, 'eks', wildcards));
  and(segmentMatch(parts[3]!, arn.region, wildcards));
  and(segmentMatch(parts[4]!, arn.account, wildcards));
  if (arn.cluster === undefined || arn.profile === undefined) {
    and(wildcards && wildcardMatch(resource, 'fargateprofile/x/y/z') && wildcardMatch(resource, 'fargateprofile/a-b/c_d/0123') ? 'yes' : 'unknown');
    return result;
  }
  const prefix = `fargateprofile/${arn.cluster}/${arn.profile}/`;
  if (wildcards && wildcardMatch(resource, `${prefix}0a1b2c3d`) && wildcardMatch(resource, `${prefix}ffee-9988-7766`)) and('yes');
  else if (resource.startsWith(prefix) && !/[*?]/.test(resource.slice(0, prefix.length))) and('unknown');
  else and('no');
  return result;
}

const SOURCE_ARN_OPERATORS: Readonly<Record<string, boolean>> = { arnlike: true, arnequals: false, stringlike: true, stringequals: false };

/**
 * Whether a trust statement lets `eks-fargate-pods.amazonaws.com` assume the role for this profile.
 * Conditions on aws:SourceArn / aws:SourceAccount are evaluated symbolically; other keys → unknown.
 */
export function fargateTrustStatement(statement: Statement, arn: FargateProfileArn): Tri {
  if (statement.effect !== 'Allow' || !statement.principal?.service.includes('eks-fargate-pods.amazonaws.com')) return 'no';
  if (!actionMatches(statement, 'sts:AssumeRole')) return 'no';
  let result: Tri = 'yes';
  for (const [operatorRaw, keys] of Object.entries(statement.conditions ?? {})) {
    const operator = operatorRaw.toLowerCase().replace(/ifexists$/, '');
    for (const [key, patterns] of Object.entries(keys)) {
      const k = key.toLowerCase();
      let t: Tri;
      if (k === 'aws:sourcearn' && operator === 'arnequals' && patterns.some((p) => /[*?]/.test(p))) {
        // See policy.ts: ArnEquals with wildcards is left undecided.
        t = 'unknown';
      } else if (k === 'aws:sourcearn' && operator in SOURCE_ARN_OPERATORS) {
        const results = patterns.map((p) => sourceArnMatches(p, arn, SOURCE_ARN_OPERATORS[operator]!));
        t = results.includes('yes') ? 'yes' : results.includes('unknown') ? 'unknown' : 'no';
      } else if (k === 'aws:sourceaccount' && (operator === 'stringequals' || operator === 'stringlike')) {
        t = arn.account === undefined ? 'unknown' : patterns.some((p) => (operator === 'stringlike' ? wildcardMatch(p, arn.account!) : p === arn.account)) ? 'yes' : 'no';
      } else {
        t = 'unknown';
      }
      if (t === 'no') return 'no';
      if (t === 'unknown') result = 'unknown';
    }
  }
  return result;
}
