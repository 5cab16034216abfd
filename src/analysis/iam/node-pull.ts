import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { nodeSets, resolveRefs, type NodeSet } from '../aws-nodes.js';
import { vpcOf } from '../aws-network/routes.js';
import { requiredRepositories, type RequiredRepository } from '../ecr.js';
import { accountOf, roleArnOf } from './aws-context.js';
import { evaluate, grantsActionSomewhere, type Decision } from './evaluate.js';
import { actionMatches, type PolicyDocument, type RequestContext, type Statement } from './policy.js';
import { orphanAttachments as orphanAttachmentsOf, rolePolicies, type PolicySource, type RolePolicies, type UnreadablePolicy } from './role-policies.js';

/**
 * What the kubelet needs from ECR for a pull (ECR user guide, "Private repository policies" and the
 * AmazonEC2ContainerRegistryPullOnly policy): a registry token, which has no resource-level
 * permissions and needs `Resource: "*"`, then the manifest and the layers of each repository.
 * `ecr:BatchCheckLayerAvailability` is only used for pushes and is not required.
 */
export const TOKEN_ACTION = 'ecr:GetAuthorizationToken';
export const REPOSITORY_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;
export const PULL_ACTIONS = [TOKEN_ACTION, ...REPOSITORY_ACTIONS] as const;

/** How the role's identity policies answer each repository action for one repository. */
export type RepositoryDecisions = Readonly<Record<(typeof REPOSITORY_ACTIONS)[number], Decision>>;

/** The pull permissions of one role of one node set. */
export interface RolePull {
  readonly set: NodeSet;
  readonly role: Resource;
  readonly policies: RolePolicies;
  /** The role's ARN and account, when known before apply. */
  readonly roleArn: string | undefined;
  readonly roleAccount: string | undefined;
  /** Request context of the role's calls to a resource of the given account (computed once per account). */
  readonly contextFor: (resourceAccount: string | undefined) => RequestContext;
  readonly token: Decision;
  /** Pull actions no Allow statement grants on any resource. */
  readonly missingEverywhere: readonly string[];
  /** The repositories the node set pulls from (requiredRepositories). */
  readonly repositories: readonly RequiredRepository[];
  /** The decisions for every repository, when they do not depend on the repository (the common case). */
  readonly everywhere: RepositoryDecisions | undefined;
  /** The decisions for one of `repositories`: `everywhere`, or evaluated on first use. */
  readonly decisions: (repository: RequiredRepository) => RepositoryDecisions;
  /** Attachments in the inputs whose role cannot be told (they might attach here). */
  readonly orphanAttachments: readonly Resource[];
}

const ECR_DKR = /\.ecr\.dkr$/;

/**
 * `aws:SourceVpce` / `aws:SourceVpc` of the nodes' ECR calls: present only when the calls go through
 * an interface endpoint with private DNS in the nodes' VPC; absent when they go through a NAT or
 * internet gateway. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce
 */
const endpointCache = new WeakMap<NodeSet, RequestContext>();

export function endpointContext(graph: ResourceGraph, set: NodeSet): RequestContext {
  const cached = endpointCache.get(set);
  if (cached) return cached;
  const context = computeEndpointContext(graph, set);
  endpointCache.set(set, context);
  return context;
}

function computeEndpointContext(graph: ResourceGraph, set: NodeSet): RequestContext {
  if (set.subnets.status !== 'resolved' || set.subnets.resources.length === 0) return {};
  const vpcs = new Set<Resource>();
  for (const subnet of set.subnets.resources) {
    const vpc = vpcOf(graph, subnet);
    if (!vpc) return {};
    vpcs.add(vpc);
  }
  const ids: string[] = [];
  const vpcIds: string[] = [];
  let unknown = false;
  for (const endpoint of graph.ofKind('aws.ec2.vpcendpoint')) {
    const service = endpoint.get(['service_name']);
    if (!service?.known || typeof service.value !== 'string' || !ECR_DKR.test(service.value)) continue;
    const vpc = resolveRefs(graph, endpoint, ['vpc_id'], ['aws.ec2.vpc']);
    if (vpc.status !== 'resolved' || !vpc.resources.some((v) => vpcs.has(v))) continue;
    const dns = endpoint.get(['private_dns_enabled']);
    if (dns?.known && dns.value !== true) continue;
    const id = endpoint.get(['id']);
    if (!dns?.known || !id?.known || typeof id.value !== 'string') unknown = true;
    else ids.push(id.value);
    for (const v of vpc.resources) {
      const vid = v.get(['id']);
      if (vid?.known && typeof vid.value === 'string') vpcIds.push(vid.value);
      else unknown = true;
    }
  }
  if (unknown) return { 'aws:SourceVpce': 'unknown', 'aws:SourceVpc': 'unknown' };
  if (ids.length === 0) return { 'aws:SourceVpce': null, 'aws:SourceVpc': null };
  return { 'aws:SourceVpce': ids, 'aws:SourceVpc': vpcIds };
}

/** Request context of the role's calls (principal keys; network keys from the node set). */
function requestContext(graph: ResourceGraph, set: NodeSet, arn: string | undefined, account: string | undefined, resourceAccount?: string): RequestContext {
  return {
    ...endpointContext(graph, set),
    ...(arn ? { 'aws:PrincipalArn': [arn] } : {}),
    ...(account ? { 'aws:PrincipalAccount': [account] } : {}),
    ...(resourceAccount ? { 'aws:ResourceAccount': [resourceAccount] } : {}),
  };
}

/**
 * Statements of a document that can apply to an action. Memoized per document: the AWS managed
 * policies are shared by every role that attaches them, so their statements are matched once.
 */
const matchingCache = new WeakMap<PolicyDocument, Map<string, PolicyDocument>>();

function matchingStatements(document: PolicyDocument, action: string): PolicyDocument {
  let byAction = matchingCache.get(document);
  if (!byAction) matchingCache.set(document, (byAction = new Map()));
  let narrowed = byAction.get(action);
  if (!narrowed) byAction.set(action, (narrowed = { statements: document.statements.filter((st) => actionMatches(st, action)) }));
  return narrowed;
}

/** The role's policies reduced to the statements that can apply to one action (identity and boundary). */
function narrowedTo(policies: RolePolicies, action: string): RolePolicies {
  const narrow = (source: PolicySource): PolicySource => ({ ...source, document: matchingStatements(source.document, action) });
  return { ...policies, identity: policies.identity.map(narrow), ...(policies.boundary ? { boundary: narrow(policies.boundary) } : {}) };
}

const onEveryResource = (st: Statement): boolean =>
  st.conditions === undefined && st.notResources === undefined && (st.resources === undefined || st.resources.includes('*'));

/**
 * Whether the decision on an action cannot depend on the repository, given policies already narrowed
 * to that action: either every statement is unconditional on `"*"`, or an unconditional Allow on `"*"`
 * exists (in the boundary too, when there is one) and no Deny can apply. In the second case the
 * repository-scoped Allow statements add nothing to the decision; `allowedBy` then lists the
 * statements that grant on every repository.
 */
function repositoryIndependent(narrowed: RolePolicies): boolean {
  if (narrowed.boundaryUnreadable) return false;
  const sources = narrowed.boundary ? [...narrowed.identity, narrowed.boundary] : narrowed.identity;
  if (sources.every((source) => source.document.statements.every(onEveryResource))) return true;
  const noDeny = sources.every((source) => source.document.statements.every((st) => st.effect !== 'Deny'));
  const grantsAll = (source: PolicySource): boolean => source.document.statements.some((st) => st.effect === 'Allow' && onEveryResource(st));
  return noDeny && narrowed.identity.some(grantsAll) && (!narrowed.boundary || grantsAll(narrowed.boundary));
}

/** A role's policies narrowed to one repository action, and the decision when it is the same for every repository. */
interface ActionPolicies {
  readonly action: (typeof REPOSITORY_ACTIONS)[number];
  readonly narrowed: RolePolicies;
  readonly shared: Decision | undefined;
}

const cache = new WeakMap<ResourceGraph, readonly RolePull[]>();

/** Pull permissions of every resolved role of every node set (Fargate included), once per graph. */
export function rolePulls(graph: ResourceGraph): readonly RolePull[] {
  const cached = cache.get(graph);
  if (cached) return cached;
  const out: RolePull[] = [];
  const orphans = orphanAttachmentsOf(graph);
  for (const set of nodeSets(graph)) {
    if (set.role.status !== 'resolved') continue;
    for (const role of set.role.roles) {
      const policies = rolePolicies(graph, role);
      const roleArn = roleArnOf(graph, role);
      const roleAccount = accountOf(graph, role);
      const contexts = new Map<string | undefined, RequestContext>();
      const contextFor = (account: string | undefined): RequestContext => {
        let context = contexts.get(account);
        if (!context) contexts.set(account, (context = requestContext(graph, set, roleArn, roleAccount, account)));
        return context;
      };
      const base = contextFor(undefined);
      const narrowed = new Map(PULL_ACTIONS.map((action) => [action, narrowedTo(policies, action)]));
      const token = evaluate(narrowed.get(TOKEN_ACTION)!, { action: TOKEN_ACTION, resource: '*', context: base });
      const missingEverywhere = PULL_ACTIONS.filter((action) => !grantsActionSomewhere(narrowed.get(action)!, action));
      // Most roles are granted the pull actions on "*" (the managed policies): one decision then serves
      // every repository; otherwise only the statements naming the action are evaluated per repository.
      const [get, layer] = REPOSITORY_ACTIONS.map((action): ActionPolicies => {
        const forAction = narrowed.get(action)!;
        return { action, narrowed: forAction, shared: repositoryIndependent(forAction) ? evaluate(forAction, { action, resource: '*', context: base }) : undefined };
      }) as [ActionPolicies, ActionPolicies];
      const everywhere = get.shared && layer.shared ? { [get.action]: get.shared, [layer.action]: layer.shared } as RepositoryDecisions : undefined;
      // Node sets × repositories can be large (every repository of the inputs is presumed pulled when
      // no workload says otherwise): per-repository decisions are evaluated only when a rule asks.
      const byRepository = new Map<string, RepositoryDecisions>();
      const decide = ({ action, narrowed: forAction, shared }: ActionPolicies, repository: RequiredRepository): Decision =>
        shared ?? evaluate(forAction, { action, resource: repository.arn, context: contextFor(repository.account) });
      const decisions = (repository: RequiredRepository): RepositoryDecisions => {
        if (everywhere) return everywhere;
        let found = byRepository.get(repository.arn);
        if (!found) byRepository.set(repository.arn, (found = { [get.action]: decide(get, repository), [layer.action]: decide(layer, repository) } as RepositoryDecisions));
        return found;
      };
      out.push({
        set, role, policies, roleArn, roleAccount, contextFor, token, missingEverywhere,
        repositories: requiredRepositories(graph, set), everywhere, decisions, orphanAttachments: orphans,
      });
    }
  }
  cache.set(graph, out);
  return out;
}

/**
 * Whether a role is granted the pull actions at all (PF-AWS-001 / PF-AWS-019): the token on `*` and
 * the repository actions on some resource. `unknown` when a policy that might grant them cannot be
 * read (external: it lives outside the inputs) or an attachment with an unresolvable role exists.
 */
export type PullVerdict =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly missing: readonly string[] }
  | { readonly status: 'unknown'; readonly missing: readonly string[]; readonly external: boolean; readonly reason: string; readonly unreadable: readonly UnreadablePolicy[] };

export function pullVerdict(pull: RolePull): PullVerdict {
  const missing: string[] = [];
  if (pull.token.allow === 'no' || (pull.token.allow === 'unknown' && pull.missingEverywhere.includes(TOKEN_ACTION))) missing.push(TOKEN_ACTION);
  for (const action of REPOSITORY_ACTIONS) if (pull.missingEverywhere.includes(action)) missing.push(action);
  if (missing.length === 0) return { status: 'pass' };
  const unreadable = pull.policies.unreadable;
  if (unreadable.length > 0) {
    const first = unreadable.find((u) => !u.external) ?? unreadable[0]!;
    return { status: 'unknown', missing, external: unreadable.every((u) => u.external), reason: first.reason, unreadable };
  }
  if (pull.orphanAttachments.length > 0) {
    const orphan = pull.orphanAttachments[0]!;
    return { status: 'unknown', missing, external: false, unreadable: [], reason: `the role of \`${orphan.address}\` is known only after apply and may be \`${pull.role.address}\`` };
  }
  return { status: 'fail', missing };
}

/** One node set's answer to "is its role granted the pull actions?", for PF-AWS-001 and PF-AWS-019. */
export type GrantOutcome =
  | { readonly kind: 'fail'; readonly set: NodeSet; readonly pull: RolePull; readonly missing: readonly string[] }
  | { readonly kind: 'duplicate'; readonly set: NodeSet; readonly pull: RolePull; readonly policy: Resource }
  | { readonly kind: 'unknown'; readonly set: NodeSet; readonly reason: string; readonly external: boolean; readonly related: readonly Resource[] };

const READ_ONLY_ACTIONS = [
  'ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy',
  'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetLifecyclePolicy',
  'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings',
].map((a) => a.toLowerCase());

/**
 * The seed article's "Important" note: a customer policy that re-lists the twelve actions of
 * AmazonEC2ContainerRegistryReadOnly should be the managed policy instead. Returns the resource of
 * that policy when it is the only source of the pull actions.
 */
function duplicateOfReadOnly(pull: RolePull): Resource | undefined {
  const grants = pull.token.allowedBy;
  if (grants.length === 0 || grants.some((m) => m.source.kind === 'aws-managed')) return undefined;
  for (const match of grants) {
    const listed = new Set((match.statement.actions ?? []).map((a) => a.toLowerCase()));
    if (READ_ONLY_ACTIONS.every((a) => listed.has(a))) return match.source.policy ?? match.source.resource;
  }
  return undefined;
}

export function grantOutcomes(graph: ResourceGraph, fargate: boolean): GrantOutcome[] {
  const out: GrantOutcome[] = [];
  const pulls = rolePulls(graph);
  const bySet = new Map<NodeSet, RolePull[]>();
  for (const pull of pulls) {
    const list = bySet.get(pull.set);
    if (list) list.push(pull);
    else bySet.set(pull.set, [pull]);
  }
  for (const set of nodeSets(graph)) {
    if ((set.type === 'fargate') !== fargate) continue;
    if (set.role.status === 'external') {
      out.push({ kind: 'unknown', set, external: true, related: [], reason: `role \`${set.role.arn}\` is not in the analysed inputs, so its policies cannot be checked` });
      continue;
    }
    if (set.role.status === 'unknown') {
      out.push({ kind: 'unknown', set, external: set.role.why === 'external', related: [], reason: set.role.reason });
      continue;
    }
    for (const pull of bySet.get(set) ?? []) {
      const verdict = pullVerdict(pull);
      if (verdict.status === 'fail') out.push({ kind: 'fail', set, pull, missing: verdict.missing });
      else if (verdict.status === 'unknown') {
        out.push({ kind: 'unknown', set, external: verdict.external, reason: verdict.reason, related: [pull.role, ...verdict.unreadable.map((u) => u.resource)] });
      } else {
        const duplicate = duplicateOfReadOnly(pull);
        if (duplicate) out.push({ kind: 'duplicate', set, pull, policy: duplicate });
      }
    }
  }
  return out;
}
