/**
 * Azure Resource Manager ids and RBAC scopes.
 *
 * ARM compares resource ids case-insensitively, and a role assignment at a scope is inherited by
 * every resource below it: management group ⊃ subscription ⊃ resource group ⊃ resource.
 * https://learn.microsoft.com/azure/role-based-access-control/scope-overview
 */

/** Three-valued outcome used by every Azure check: decided yes, decided no, or not decidable from the inputs. */
export type Tri = 'yes' | 'no' | 'unknown';

export function triAny(values: Iterable<Tri>): Tri {
  let out: Tri = 'no';
  for (const v of values) {
    if (v === 'yes') return 'yes';
    if (v === 'unknown') out = 'unknown';
  }
  return out;
}

export interface ArmScope {
  readonly kind: 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';
  /** Lower-cased, without a trailing slash. */
  readonly normalized: string;
  readonly subscription?: string;
  readonly resourceGroup?: string;
  readonly managementGroup?: string;
  /** `microsoft.containerregistry/registries` for a registry (lower-case). */
  readonly type?: string;
  /** Last name segment of a resource id (lower-case). */
  readonly name?: string;
}

/** Parses an ARM id or RBAC scope; returns undefined for anything that is not one. */
export function parseArmId(raw: string): ArmScope | undefined {
  const normalized = raw.trim().toLowerCase().replace(/\/+$/, '');
  if (normalized === '' || normalized === '/') return { kind: 'root', normalized: '/' };
  if (!normalized.startsWith('/')) return undefined;
  const parts = normalized.split('/').slice(1);
  if (parts[0] === 'providers' && parts[1] === 'microsoft.management' && parts[2] === 'managementgroups' && parts[3]) {
    return { kind: 'managementGroup', normalized, managementGroup: parts[3] };
  }
  if (parts[0] !== 'subscriptions' || !parts[1]) return undefined;
  const subscription = parts[1];
  if (parts.length === 2) return { kind: 'subscription', normalized, subscription };
  if (parts[2] !== 'resourcegroups' || !parts[3]) return undefined;
  const resourceGroup = parts[3];
  if (parts.length === 4) return { kind: 'resourceGroup', normalized, subscription, resourceGroup };
  if (parts[4] !== 'providers' || !parts[5]) return undefined;
  const typeParts = [parts[5]];
  for (let i = 6; i + 1 < parts.length; i += 2) typeParts.push(parts[i]!);
  return {
    kind: 'resource',
    normalized,
    subscription,
    resourceGroup,
    type: typeParts.join('/'),
    name: parts[parts.length - 1]!,
  };
}

/**
 * Whether an assignment at `scope` applies to the resource `target`. Management groups contain
 * subscriptions through a hierarchy that plans do not show; pullfix treats a management-group
 * scope as containing the target (catalog trap 18: broad scopes pass).
 */
export function scopeContains(scope: string, target: string): Tri {
  return parsedScopeContains(parseArmId(scope), parseArmId(target));
}

/** `scopeContains` on ids already parsed (callers that compare one id with many scopes parse each once). */
export function parsedScopeContains(outer: ArmScope | undefined, inner: ArmScope | undefined): Tri {
  if (!outer || !inner) return 'unknown';
  if (outer.kind === 'root' || outer.kind === 'managementGroup') return 'yes';
  if (inner.normalized === outer.normalized) return 'yes';
  return inner.normalized.startsWith(`${outer.normalized}/`) ? 'yes' : 'no';
}

/** The VNet id of a subnet id (`…/virtualNetworks/<vnet>/subnets/<subnet>`). */
export function vnetIdOfSubnetId(subnetId: string): string | undefined {
  const match = /^(.*\/providers\/microsoft\.network\/virtualnetworks\/[^/]+)\/subnets\/[^/]+$/i.exec(subnetId.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}

/** The role definition GUID of a `role_definition_id` (full id or bare GUID). */
export function roleDefinitionGuid(value: string): string | undefined {
  const match = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(value.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}
