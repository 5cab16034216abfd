import type { ResourceGraph, Resolved } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { str } from '../attributes.js';
import { cached, graphCache } from '../memo.js';
import { parseArmId, parsedScopeContains, roleDefinitionGuid, triAny, type ArmScope, type Tri } from './arm-id.js';
import { samePrincipal, trace, type KubeletPrincipal } from './principals.js';
import {
  builtInRoleByGuid, builtInRoleByName, grantsPull, grantsPullInMode, type RegistryMode, type RolePermissions,
} from './roles.js';

/** The registry's role-assignment permissions mode (`role_assignment_mode`, default legacy). */
export function registryMode(registry: Resource): RegistryMode | 'unknown' {
  const v = registry.get(['role_assignment_mode']);
  if (v === undefined) return 'legacy';
  if (!v.known) return 'unknown';
  return String(v.value).toLowerCase() === 'abacrepositorypermissions' ? 'abac' : 'legacy';
}

// Rules ask about every (cluster, registry) pair and every role assignment; the answers below depend
// on one resource or one (assignment, target) pair only, so each is computed once per graph.
const ARM_IDS = graphCache<string, ArmScope | undefined>();
const GROUP_NAMES = graphCache<Resource, string | undefined>();
const SUBSCRIPTION = {};
const TARGET_IDS = graphCache<Resource, { raw: string | undefined; parsed: ArmScope | undefined }>();
const SCOPES = graphCache<Resource, { value: string | undefined; links: readonly Resolved[]; partial: boolean }>();
const COVERING = graphCache<Resource, ReadonlyMap<Resource, Tri>>();
const ROLES = graphCache<Resource, RoleResolution>();
const CHECKS = graphCache<KubeletPrincipal, Map<Resource, BaseChecks>>();
const ASSIGNMENTS = {};

function parsedId(graph: ResourceGraph, raw: string): ArmScope | undefined {
  return cached(ARM_IDS(graph), raw, () => parseArmId(raw));
}

/** Name of the resource group a resource lives in (value, or the name of the resource group it references). */
export function resourceGroupName(graph: ResourceGraph, resource: Resource): string | undefined {
  return cached(GROUP_NAMES(graph), resource, () => computeResourceGroupName(graph, resource));
}

function computeResourceGroupName(graph: ResourceGraph, resource: Resource): string | undefined {
  const own = str(resource, ['resource_group_name']);
  if (own) return own.toLowerCase();
  for (const target of graph.resolve(resource, ['resource_group_name'], ['azure.resources.resourcegroup'])) {
    const name = str(target.resource, ['name']);
    if (name) return name.toLowerCase();
  }
  return undefined;
}

function referencesResourceGroup(graph: ResourceGraph, resource: Resource, group: Resource): boolean {
  return graph.resolve(resource, ['resource_group_name'], ['azure.resources.resourcegroup']).some((r) => r.resource === group);
}

/** The subscription the plan deploys into, when a data source in the inputs tells it. */
export function planSubscription(graph: ResourceGraph): string | undefined {
  return graph.memo(SUBSCRIPTION, computePlanSubscription);
}

function computePlanSubscription(graph: ResourceGraph): string | undefined {
  for (const meta of graph.ofKind('azure.meta.subscription', 'azure.meta.clientconfig')) {
    const id = str(meta, ['subscription_id']);
    if (id) return id.toLowerCase();
  }
  return undefined;
}

/**
 * Whether a role assignment's `scope` covers `target` (a registry, a user-assigned identity, …):
 * by comparing ARM ids when both are known, else by the target's name and resource group, else by
 * following the scope's reference to the registry, its resource group or the subscription.
 */
export function scopeCovers(graph: ResourceGraph, assignment: Resource, target: Resource): Tri {
  if (!graph.memo(ASSIGNMENTS, (g) => new Set(g.ofKind('azure.authorization.roleassignment'))).has(assignment)) {
    return computeScopeCovers(graph, assignment, target);
  }
  return coveringAssignments(graph, target).get(assignment) ?? 'no';
}

/**
 * The role assignments of the inputs whose scope may cover `target` (scope `yes` or `unknown`), in
 * input order. Judged once per target; every other assignment's scope is decided `no`.
 */
export function coveringAssignments(graph: ResourceGraph, target: Resource): ReadonlyMap<Resource, Tri> {
  return cached(COVERING(graph), target, () => {
    const out = new Map<Resource, Tri>();
    for (const assignment of graph.ofKind('azure.authorization.roleassignment')) {
      const scope = computeScopeCovers(graph, assignment, target);
      if (scope !== 'no') out.set(assignment, scope);
    }
    return out;
  });
}

function assignmentScope(graph: ResourceGraph, assignment: Resource): { value: string | undefined; links: readonly Resolved[]; partial: boolean } {
  return cached(SCOPES(graph), assignment, () => {
    const value = str(assignment, ['scope']);
    if (value) return { value, links: [], partial: false };
    const links = graph.resolve(assignment, ['scope']);
    return { value, links, partial: links.length < assignment.links(['scope']).length };
  });
}

function computeScopeCovers(graph: ResourceGraph, assignment: Resource, target: Resource): Tri {
  const { value: scope, links, partial } = assignmentScope(graph, assignment);
  if (scope) return scopeValueCovers(graph, scope, target);
  if (links.length === 0) return 'unknown';
  if (partial) return triAny([...links.map((l) => scopeTargetCovers(graph, l.resource, target)), 'unknown']);
  return triAny(links.map((l) => scopeTargetCovers(graph, l.resource, target)));
}

function targetId(graph: ResourceGraph, target: Resource): { raw: string | undefined; parsed: ArmScope | undefined } {
  return cached(TARGET_IDS(graph), target, () => {
    const raw = str(target, ['id']);
    return { raw, parsed: raw ? parsedId(graph, raw) : undefined };
  });
}

function scopeValueCovers(graph: ResourceGraph, scope: string, target: Resource): Tri {
  const id = targetId(graph, target);
  if (id.raw && id.parsed) return parsedScopeContains(parsedId(graph, scope), id.parsed);
  const parsed = parsedId(graph, scope);
  if (!parsed) return 'unknown';
  const subscription = planSubscription(graph);
  if (parsed.kind === 'root' || parsed.kind === 'managementGroup') return 'yes';
  if (subscription && parsed.subscription && parsed.subscription !== subscription) return 'no';
  // One azurerm provider configuration deploys into one subscription; without a data source naming
  // it, a subscription-wide scope is taken to be that subscription (catalog trap 18: broad scopes pass).
  if (parsed.kind === 'subscription') return 'yes';
  const group = resourceGroupName(graph, target);
  if (parsed.kind === 'resourceGroup') return group === undefined ? 'unknown' : group === parsed.resourceGroup ? 'yes' : 'no';
  const name = str(target, ['name'])?.toLowerCase();
  if (name === undefined) return 'unknown';
  if (parsed.name !== name) return 'no';
  return group === undefined || group === parsed.resourceGroup ? 'yes' : 'no';
}

function scopeTargetCovers(graph: ResourceGraph, scopeResource: Resource, target: Resource): Tri {
  if (scopeResource === target) return 'yes';
  if (scopeResource.kind === 'azure.meta.subscription' || scopeResource.kind === 'azure.meta.clientconfig') return 'yes';
  if (scopeResource.kind === 'azure.resources.resourcegroup') {
    if (referencesResourceGroup(graph, target, scopeResource)) return 'yes';
    const name = str(scopeResource, ['name'])?.toLowerCase();
    const group = resourceGroupName(graph, target);
    if (name === undefined || group === undefined) return 'unknown';
    return name === group ? 'yes' : 'no';
  }
  // A data source reading the same registry the plan creates elsewhere, or a registry read by name.
  if (scopeResource.kind === target.kind) {
    const a = str(scopeResource, ['name'])?.toLowerCase();
    const b = str(target, ['name'])?.toLowerCase();
    if (a === undefined || b === undefined) return 'unknown';
    return a === b ? 'yes' : 'no';
  }
  return 'no';
}

/** Permissions of the role an assignment grants, or why they cannot be known. */
export interface RoleResolution {
  readonly label: string;
  readonly permissions?: readonly RolePermissions[];
  readonly definition?: Resource;
  readonly unknown?: string;
}

function customPermissions(definition: Resource): readonly RolePermissions[] | undefined {
  const list = definition.get(['permissions']);
  if (!list?.known) return undefined;
  const blocks = Array.isArray(list.value) ? list.value : [list.value];
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return blocks.map((b: Record<string, unknown>) => ({
    actions: strings(b?.actions),
    notActions: strings(b?.not_actions),
    dataActions: strings(b?.data_actions),
    notDataActions: strings(b?.not_data_actions),
  }));
}

function fromDefinition(definition: Resource, label: string): RoleResolution {
  const name = str(definition, ['name']);
  const builtIn = name ? builtInRoleByName(name) : undefined;
  if (builtIn && definition.mode === 'data') return { label: builtIn.name, permissions: [builtIn], definition };
  const permissions = customPermissions(definition);
  if (permissions) return { label: name ?? label, permissions, definition };
  return { label: name ?? label, definition, unknown: `the permissions of role definition \`${definition.address}\` are not known at plan time` };
}

/** Resolves the role of an assignment: built-in by name or GUID, custom definitions in the inputs by name, id or reference. */
export function assignmentRole(graph: ResourceGraph, assignment: Resource): RoleResolution {
  return cached(ROLES(graph), assignment, () => computeAssignmentRole(graph, assignment));
}

function computeAssignmentRole(graph: ResourceGraph, assignment: Resource): RoleResolution {
  const name = str(assignment, ['role_definition_name']);
  if (name) {
    const builtIn = builtInRoleByName(name);
    if (builtIn) return { label: builtIn.name, permissions: [builtIn] };
    const custom = graph.ofKind('azure.authorization.roledefinition').find((d) => str(d, ['name'])?.toLowerCase() === name.toLowerCase());
    if (custom) return fromDefinition(custom, name);
    return { label: name, unknown: `role \`${name}\` is neither a built-in role pullfix knows nor a role definition in the inputs` };
  }
  const id = str(assignment, ['role_definition_id']);
  if (id) {
    const guid = roleDefinitionGuid(id);
    const builtIn = guid ? builtInRoleByGuid(guid) : undefined;
    if (builtIn) return { label: builtIn.name, permissions: [builtIn] };
    const custom = graph.byIdentifier(id, ['azure.authorization.roledefinition'])[0]
      ?? graph.ofKind('azure.authorization.roledefinition').find((d) => guid !== undefined && str(d, ['role_definition_id'])?.toLowerCase() === guid);
    if (custom) return fromDefinition(custom, id);
    return { label: id, unknown: `role definition \`${id}\` is not a built-in role pullfix knows and is not defined in the inputs` };
  }
  const linked = graph.resolve(assignment, ['role_definition_id'], ['azure.authorization.roledefinition'])[0];
  if (linked) return fromDefinition(linked.resource, linked.resource.address);
  return { label: '(unknown role)', unknown: 'the assignment\'s role is computed at apply time and has no reference pullfix can follow' };
}

/** Whether the role is meant to give pull rights (it does so in at least one registry mode). */
export function isPullRole(role: RoleResolution): Tri {
  if (!role.permissions) return 'unknown';
  return grantsPull(role.permissions, 'legacy') || grantsPull(role.permissions, 'abac') ? 'yes' : 'no';
}

/** Whether the role grants pull in the registry's mode. */
export function roleGrantsPull(role: RoleResolution, mode: RegistryMode | 'unknown'): Tri {
  if (!role.permissions) return 'unknown';
  return grantsPullInMode(role.permissions, mode);
}

const CONDITION_TERM = /repositories:name\]\s*(StringEqualsIgnoreCase|StringEquals|StringStartsWithIgnoreCase|StringStartsWith|StringLike)\s*(\{[^}]*\}|'[^']*'|"[^"]*")/gi;

/**
 * Simple ABAC repository conditions: `@Request[…repositories:name] StringEquals 'app'` and
 * `StringStartsWith 'team/'`. Returns unknown when the condition has no such term or the images'
 * repositories are not known.
 * https://learn.microsoft.com/azure/container-registry/container-registry-rbac-abac-repository-permissions
 */
export function conditionAllowsRepositories(condition: string, repositories: readonly string[] | undefined): Tri {
  const terms: { op: string; values: string[] }[] = [];
  for (const match of condition.matchAll(CONDITION_TERM)) {
    const values = [...match[2]!.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => (m[1] ?? m[2] ?? '').toLowerCase());
    terms.push({ op: match[1]!.toLowerCase(), values });
  }
  if (terms.length === 0 || repositories === undefined || repositories.length === 0) return 'unknown';
  const allowed = (repo: string): boolean => terms.some((t) => t.values.some((v) => (t.op.startsWith('stringstartswith') ? repo.toLowerCase().startsWith(v) : t.op === 'stringlike' ? new RegExp(`^${v.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(repo.toLowerCase()) : repo.toLowerCase() === v)));
  return repositories.every(allowed) ? 'yes' : 'no';
}

/** One role assignment judged against (kubelet principal, registry). */
export interface AssignmentCheck {
  readonly assignment: Resource;
  readonly principal: Tri;
  readonly scope: Tri;
  readonly role: RoleResolution;
  /** The role is a pull role in some mode. */
  readonly pullRole: Tri;
  /** The role grants pull in this registry's mode, with its ABAC condition. */
  readonly effective: Tri;
}

/**
 * The role assignments of the inputs that may apply to the kubelet principal on one registry, judged
 * in input order. Assignments whose principal or scope is decided `no` cannot grant anything and are
 * left out (every question asked of these checks ignores them), so a rule asking about every
 * (cluster, registry) pair only looks at the few assignments whose scope may cover the registry.
 */
export function checkAssignments(graph: ResourceGraph, kubelet: KubeletPrincipal, registry: Resource, repositories?: readonly string[]): AssignmentCheck[] {
  const base = cached(cached(CHECKS(graph), kubelet, () => new Map()), registry, () => baseChecks(graph, kubelet, registry));
  if (!base.conditional) return base.checks.slice();
  const out: AssignmentCheck[] = [];
  for (const c of base.checks) {
    const condition = str(c.assignment, ['condition']);
    if (c.effective !== 'yes' || !condition || base.mode === 'legacy') {
      out.push(c);
      continue;
    }
    const allowed = conditionAllowsRepositories(condition, repositories);
    out.push(allowed === 'yes' ? c : { ...c, effective: base.mode === 'abac' ? allowed : 'unknown' });
  }
  return out;
}

/**
 * The repository-independent part of `checkAssignments`, once per (kubelet principal, registry):
 * several rules ask about the same pairs. `effective` is before any ABAC condition; `conditional`
 * says whether some check still depends on the pulled repositories.
 */
function baseChecks(graph: ResourceGraph, kubelet: KubeletPrincipal, registry: Resource): BaseChecks {
  const mode = registryMode(registry);
  const checks: AssignmentCheck[] = [];
  let conditional = false;
  for (const [assignment, scope] of coveringAssignments(graph, registry)) {
    const principal = kubelet.unresolved ? 'unknown' : samePrincipal(trace(graph, assignment, ['principal_id']), kubelet.trace);
    if (principal === 'no') continue;
    const role = assignmentRole(graph, assignment);
    const effective = roleGrantsPull(role, mode);
    if (effective === 'yes' && mode !== 'legacy' && str(assignment, ['condition'])) conditional = true;
    // A custom role defined in the inputs and assigned to the kubelet on the registry is meant for
    // pulling; whether it actually grants pull is PF-AZ-003's question, not PF-AZ-001's.
    const pullRole = role.definition?.mode === 'managed' ? 'yes' : isPullRole(role);
    checks.push({ assignment, principal, scope, role, pullRole, effective });
  }
  return { mode, checks, conditional };
}

interface BaseChecks {
  readonly mode: RegistryMode | 'unknown';
  readonly checks: readonly AssignmentCheck[];
  readonly conditional: boolean;
}

/** PF-AZ-001's question: is there a pull role on the registry's scope for the kubelet principal? */
export function kubeletHasPullAssignment(checks: readonly AssignmentCheck[]): { result: Tri; undecided: AssignmentCheck[] } {
  const undecided: AssignmentCheck[] = [];
  for (const c of checks) {
    const dims = [c.principal, c.scope, c.pullRole];
    if (dims.every((d) => d === 'yes')) return { result: 'yes', undecided: [] };
    if (!dims.includes('no')) undecided.push(c);
  }
  return { result: undecided.length > 0 ? 'unknown' : 'no', undecided };
}
