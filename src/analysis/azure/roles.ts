import type { Tri } from './arm-id.js';

/**
 * Azure RBAC role definitions that matter for image pulls, and action matching.
 *
 * Pull permission differs by the registry's "role assignment permissions mode":
 * - legacy (`LegacyRegistryPermissions`, the default): the control-plane action
 *   `Microsoft.ContainerRegistry/registries/pull/read` grants pull, so AcrPull, AcrPush, Owner,
 *   Contributor, Reader and custom roles carrying that action work;
 * - ABAC (`AbacRepositoryPermissions`): only the data action
 *   `Microsoft.ContainerRegistry/registries/repositories/content/read` grants pull; AcrPull/AcrPush
 *   are not honored and Owner/Contributor/Reader have no data-plane access.
 * https://learn.microsoft.com/azure/container-registry/container-registry-rbac-built-in-roles-directory-reference
 * https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers
 */
export const PULL_ACTION = 'Microsoft.ContainerRegistry/registries/pull/read';
export const REPOSITORY_READ_DATA_ACTION = 'Microsoft.ContainerRegistry/registries/repositories/content/read';

export type RegistryMode = 'legacy' | 'abac';

export interface RolePermissions {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
}

export interface BuiltInRole extends RolePermissions {
  readonly name: string;
  readonly guid: string;
}

function role(name: string, guid: string, p: Partial<RolePermissions>): BuiltInRole {
  return { name, guid, actions: p.actions ?? [], notActions: p.notActions ?? [], dataActions: p.dataActions ?? [], notDataActions: p.notDataActions ?? [] };
}

/** Built-in roles with their ids and permission blocks, as published in Microsoft's built-in roles reference. */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  role('AcrPull', '7f951dda-4ed3-4680-a7ca-43fe172d538d', { actions: [PULL_ACTION] }),
  role('AcrPush', '8311e382-0749-4cb8-b61a-304f252e45ec', { actions: [PULL_ACTION, 'Microsoft.ContainerRegistry/registries/push/write'] }),
  role('AcrDelete', 'c2f4ef07-c644-48eb-af81-4b1b4947fb11', { actions: ['Microsoft.ContainerRegistry/registries/artifacts/delete'] }),
  role('Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', { actions: ['*'] }),
  role('Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c', {
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write', 'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action', 'Microsoft.Purview/consents/write', 'Microsoft.Purview/consents/delete',
    ],
  }),
  role('Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7', { actions: ['*/read'] }),
  role('Container Registry Data Importer and Data Reader', '577a9874-89fd-4f24-9dbd-b5034d0ad23a', {
    actions: ['Microsoft.ContainerRegistry/registries/importImage/action', 'Microsoft.ContainerRegistry/registries/read', PULL_ACTION],
    dataActions: [REPOSITORY_READ_DATA_ACTION, 'Microsoft.ContainerRegistry/registries/repositories/metadata/read', 'Microsoft.ContainerRegistry/registries/catalog/read'],
  }),
  role('Container Registry Repository Reader', 'b93aa761-3e63-49ed-ac28-beffa264f7ac', {
    dataActions: ['Microsoft.ContainerRegistry/registries/repositories/metadata/read', REPOSITORY_READ_DATA_ACTION],
  }),
  role('Container Registry Repository Writer', '2a1e307c-b015-4ebd-883e-5b7698a07328', {
    dataActions: [
      'Microsoft.ContainerRegistry/registries/repositories/metadata/read', REPOSITORY_READ_DATA_ACTION,
      'Microsoft.ContainerRegistry/registries/repositories/metadata/write', 'Microsoft.ContainerRegistry/registries/repositories/content/write',
    ],
  }),
  role('Container Registry Repository Contributor', '2efddaa5-3f1f-4df3-97df-af3f13818f4c', {
    dataActions: [
      'Microsoft.ContainerRegistry/registries/repositories/metadata/read', REPOSITORY_READ_DATA_ACTION,
      'Microsoft.ContainerRegistry/registries/repositories/metadata/write', 'Microsoft.ContainerRegistry/registries/repositories/content/write',
      'Microsoft.ContainerRegistry/registries/repositories/metadata/delete', 'Microsoft.ContainerRegistry/registries/repositories/content/delete',
    ],
  }),
  role('Managed Identity Operator', 'f1a07417-d97a-45cb-824c-7a7467783830', {
    actions: ['Microsoft.ManagedIdentity/userAssignedIdentities/*/read', 'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action', 'Microsoft.Authorization/*/read', 'Microsoft.Insights/alertRules/*', 'Microsoft.Resources/subscriptions/resourceGroups/read', 'Microsoft.Resources/deployments/*', 'Microsoft.Support/*'],
  }),
];

export const MANAGED_IDENTITY_OPERATOR_GUID = 'f1a07417-d97a-45cb-824c-7a7467783830';

const BY_NAME = new Map(BUILT_IN_ROLES.map((r) => [r.name.toLowerCase(), r]));
const BY_GUID = new Map(BUILT_IN_ROLES.map((r) => [r.guid, r]));

export function builtInRoleByName(name: string): BuiltInRole | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export function builtInRoleByGuid(guid: string): BuiltInRole | undefined {
  return BY_GUID.get(guid.toLowerCase());
}

/** Compiled wildcard patterns (a role's few patterns are matched for every assignment of a run). */
const PATTERNS = new Map<string, RegExp>();

function compiled(pattern: string): RegExp {
  let re = PATTERNS.get(pattern);
  if (!re) {
    if (PATTERNS.size >= 1024) PATTERNS.clear(); // custom roles of long-running hosts (CDK, Pulumi) stay bounded
    const escaped = pattern.toLowerCase().split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${escaped}$`);
    PATTERNS.set(pattern, re);
  }
  return re;
}

/** Azure RBAC action matching: case-insensitive, `*` matches any run of characters. */
export function actionMatches(pattern: string, action: string): boolean {
  if (!pattern.includes('*')) return pattern.toLowerCase() === action.toLowerCase();
  return compiled(pattern).test(action.toLowerCase());
}

function granted(allow: readonly string[], deny: readonly string[], action: string): boolean {
  return allow.some((p) => actionMatches(p, action)) && !deny.some((p) => actionMatches(p, action));
}

/** Pull capability of one permission block per mode, computed once per block. */
const BLOCK_PULLS = new WeakMap<RolePermissions, { legacy: boolean; abac: boolean }>();

function blockPulls(p: RolePermissions): { legacy: boolean; abac: boolean } {
  let out = BLOCK_PULLS.get(p);
  if (!out) {
    out = { legacy: granted(p.actions, p.notActions, PULL_ACTION), abac: granted(p.dataActions, p.notDataActions, REPOSITORY_READ_DATA_ACTION) };
    BLOCK_PULLS.set(p, out);
  }
  return out;
}

/**
 * Whether a role's permission blocks let the kubelet pull in the given registry mode. In ABAC mode
 * only repository-content read data actions count (the AcrPull family is ignored there).
 */
export function grantsPull(permissions: readonly RolePermissions[], mode: RegistryMode): boolean {
  return permissions.some((p) => blockPulls(p)[mode]);
}

/** Pull capability for a registry whose mode may be unknown: decided when both modes agree. */
export function grantsPullInMode(permissions: readonly RolePermissions[], mode: RegistryMode | 'unknown'): Tri {
  if (mode !== 'unknown') return grantsPull(permissions, mode) ? 'yes' : 'no';
  const legacy = grantsPull(permissions, 'legacy');
  const abac = grantsPull(permissions, 'abac');
  if (legacy === abac) return legacy ? 'yes' : 'no';
  return 'unknown';
}
