import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { repositoryPolicies, type RequiredRepository } from '../ecr.js';
import { accountOfArn } from './aws-context.js';
import type { RolePull } from './node-pull.js';
import { REPOSITORY_ACTIONS } from './node-pull.js';
import { actionMatches, conditionsHold, resourceMatches, triAnd, triOr, type PolicyDocument, type Principals, type RequestContext, type Statement, type Tri } from './policy.js';
import { policyDocumentAt } from './role-policies.js';

/** Instance-profile ARNs are not principals: a repository policy naming one grants nothing (seed A4 note). */
export const INSTANCE_PROFILE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\//;

/**
 * Whether a Principal element names the role: `*`, the exact role ARN (path included), the role's
 * account (`arn:…:iam::<account>:root` or the bare id, which delegates to the account's IAM policies).
 */
export function principalMatches(principals: Principals | undefined, roleArn: string | undefined, roleAccount: string | undefined): Tri {
  if (!principals) return 'no';
  if (principals.any) return 'yes';
  let result: Tri = 'no';
  for (const value of principals.aws) {
    if (INSTANCE_PROFILE_ARN.test(value)) continue;
    if (roleArn !== undefined && value === roleArn) return 'yes';
    const account = accountOfArn(value);
    const isRoot = /^\d{12}$/.test(value) || /:root$/.test(value);
    if (isRoot && account !== undefined) {
      if (roleAccount === undefined) result = triOr(result, 'unknown');
      else if (account === roleAccount) return 'yes';
      continue;
    }
    // A role ARN that might be this role when the role's own ARN is not known before apply.
    if (roleArn === undefined && /:role\//.test(value) && (roleAccount === undefined || account === roleAccount)) result = triOr(result, 'unknown');
  }
  return result;
}

export interface RepositoryPolicyView {
  readonly policy: Resource;
  readonly document?: PolicyDocument;
  /** Deny statements of the document that match a pull action (most repository policies have none). */
  readonly pullDenies: readonly Statement[];
  /** Why the document cannot be read. */
  readonly unreadable?: string;
}

const viewCache = new WeakMap<ResourceGraph, Map<string, readonly RepositoryPolicyView[]>>();
const NONE: readonly RepositoryPolicyView[] = [];

/** Repository policies of a required repository, with their documents; once per graph and repository. */
export function repositoryPolicyViews(graph: ResourceGraph, repository: RequiredRepository): readonly RepositoryPolicyView[] {
  if (graph.ofKind('aws.ecr.repositorypolicy').length === 0) return NONE;
  let byArn = viewCache.get(graph);
  if (!byArn) viewCache.set(graph, (byArn = new Map()));
  const cached = byArn.get(repository.arn);
  if (cached) return cached;
  const views = repositoryPolicies(graph, repository.repository, repository.repositoryResource).map((policy): RepositoryPolicyView => {
    const doc = policyDocumentAt(graph, policy, ['policy']);
    if (!('document' in doc)) return { policy, unreadable: doc.unreadable, pullDenies: [] };
    const pullDenies = doc.document.statements.filter(isPullDeny);
    return { policy, document: doc.document, pullDenies };
  });
  byArn.set(repository.arn, views);
  return views;
}

/** Whether any repository policy of the inputs has a Deny statement that matches a pull action. */
export function anyRepositoryPullDeny(graph: ResourceGraph): boolean {
  return graph.ofKind('aws.ecr.repositorypolicy').some((policy) => {
    const doc = policyDocumentAt(graph, policy, ['policy']);
    return 'document' in doc && doc.document.statements.some(isPullDeny);
  });
}

const isPullDeny = (st: Statement): boolean => st.effect === 'Deny' && REPOSITORY_ACTIONS.some((a) => actionMatches(st, a));

export interface StatementHit {
  readonly view: RepositoryPolicyView;
  readonly statement: Statement;
  readonly result: Tri;
}

/** A request a role makes to a resource guarded by a resource-based policy (repository, VPC endpoint). */
export interface PrincipalRequest {
  readonly action: string;
  /**
   * Resource ARN matched against the Resource element; undefined when the policy is attached to the
   * resource itself and names none (repository policies).
   */
  readonly resource?: string | undefined;
  /** ARN and account of the calling role; undefined when not known before apply. */
  readonly roleArn?: string | undefined;
  readonly roleAccount?: string | undefined;
  readonly context?: RequestContext | undefined;
}

/** Whether a resource-based policy statement applies to the request (ignoring its effect). */
export function resourceStatementApplies(statement: Statement, request: PrincipalRequest): Tri {
  if (!actionMatches(statement, request.action)) return 'no';
  if (request.resource !== undefined && !resourceMatches(statement, request.resource)) return 'no';
  if (statement.notPrincipal) return 'unknown';
  return triAnd(principalMatches(statement.principal, request.roleArn, request.roleAccount), conditionsHold(statement, request.context ?? {}));
}

/**
 * Whether a resource-based policy lets the role make the request: some Allow statement applies and no
 * Deny does. Undecided statements (unknown principal, conditions pullfix cannot evaluate) make the
 * answer `unknown` unless a Deny applies for sure or no Allow can apply.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function resourcePolicyAllows(document: PolicyDocument, request: PrincipalRequest): Tri {
  let allow: Tri = 'no';
  let deny: Tri = 'no';
  for (const statement of document.statements) {
    const result = resourceStatementApplies(statement, request);
    if (statement.effect === 'Allow') allow = triOr(allow, result);
    else deny = triOr(deny, result);
  }
  if (deny === 'yes' || allow === 'no') return 'no';
  return allow === 'yes' && deny === 'no' ? 'yes' : 'unknown';
}

function pullRequest(pull: RolePull, repository: RequiredRepository, action: string): PrincipalRequest {
  return { action, roleArn: pull.roleArn, roleAccount: pull.roleAccount, context: pull.contextFor(repository.account) };
}

/** The Deny statements of the repository policies that apply (`yes`) or may apply (`unknown`) to the role's pull. */
export function repositoryPolicyDenies(pull: RolePull, repository: RequiredRepository, views: readonly RepositoryPolicyView[]): StatementHit[] {
  const denies: StatementHit[] = [];
  for (const view of views) {
    for (const statement of view.pullDenies) {
      for (const action of REPOSITORY_ACTIONS) {
        const result = resourceStatementApplies(statement, pullRequest(pull, repository, action));
        if (result === 'no') continue;
        denies.push({ view, statement, result });
        break;
      }
    }
  }
  return denies;
}

/** Whether some Allow statement of the repository policies grants the role both repository actions. */
export function repositoryPolicyAllows(pull: RolePull, repository: RequiredRepository, views: readonly RepositoryPolicyView[]): Tri {
  let allow: Tri = 'yes';
  for (const action of REPOSITORY_ACTIONS) {
    let granted: Tri = 'no';
    for (const view of views) {
      if (!view.document) { granted = triOr(granted, 'unknown'); continue; }
      for (const statement of view.document.statements) {
        if (statement.effect === 'Allow') granted = triOr(granted, resourceStatementApplies(statement, pullRequest(pull, repository, action)));
      }
    }
    allow = triAnd(allow, granted);
  }
  return allow;
}

/** Principal values of a repository policy that are instance-profile ARNs. */
export function instanceProfilePrincipals(document: PolicyDocument): string[] {
  return document.statements.flatMap((s) => [...(s.principal?.aws ?? []), ...(s.notPrincipal?.aws ?? [])]).filter((v) => INSTANCE_PROFILE_ARN.test(v));
}
