import { pointerToken } from '../../graph/resource.js';
import { asBlockList } from './classic.js';
import {
  COMPUTED, Secret, Unknown, isPlainObject, originOf, setOrigin, type Tree,
} from './values.js';

/**
 * `@pulumi/azure-native` mirrors the ARM REST API, not the azurerm schema, so each type the rules read
 * has an explicit translator into the azurerm vocabulary (graph/kinds.ts). Shapes differ: the kubelet
 * identity is `identityProfile.kubeletidentity` (azurerm `kubelet_identity[0]`), node pools are
 * `agentPoolProfiles[]` (azurerm `default_node_pool[0]` plus `azurerm_kubernetes_cluster_node_pool`
 * resources), sub-resources are `{id}` objects (azurerm `*_id` strings), switches are `"Enabled"`
 * strings (azurerm booleans). ARM defaults are filled where azurerm shows a value (public network access
 * on, admin user off, peering access allowed). Where azurerm splits one ARM resource in several
 * (subnet associations, NAT gateway IP associations, node pools), derived resources are emitted with the
 * address `<urn>#<part>`.
 *
 * Both private DNS token families are read: v2 `azure-native:network:PrivateZone|VirtualNetworkLink|
 * PrivateRecordSet` and v3 `azure-native:privatedns:*`.
 */

/** What a translator produces for one azure-native resource. */
export interface NativeTranslation {
  readonly tfType: string;
  readonly tree: Tree;
  /** Pulumi input name → normalized link keys its property dependencies feed. */
  readonly linkKeys?: Readonly<Record<string, readonly string[]>>;
  readonly derived?: readonly DerivedResource[];
}

export interface DerivedResource {
  readonly suffix: string;
  readonly tfType: string;
  readonly tree: Tree;
  /** Link key → the Pulumi input whose property dependencies feed it, or `self` for the parent resource. */
  readonly links?: Readonly<Record<string, { readonly input?: string; readonly self?: readonly (string | number)[] }>>;
}

export interface NativeContext {
  readonly creating: boolean;
  readonly id: unknown;
}

/** A value read from the source with its pointer suffix (relative to the source object). */
class Field {
  constructor(readonly value: unknown, readonly suffix: string | undefined) {}
}

function suffixOf(src: unknown, path: readonly string[]): string | undefined {
  if (path.length === 0) return undefined;
  const first = originOf(src)?.keys?.[path[0]!] ?? pointerToken(path[0]!);
  return [first, ...path.slice(1).map(pointerToken)].join('/');
}

/** Reads a path through decoded objects; an unknown on the way is the result. */
function at(src: unknown, ...path: string[]): unknown {
  let value = src;
  for (const step of path) {
    if (value instanceof Unknown) return value;
    if (value instanceof Secret) value = value.value;
    if (!isPlainObject(value)) return undefined;
    value = value[step];
  }
  return value;
}

function f(src: unknown, ...path: string[]): Field {
  return new Field(at(src, ...path), suffixOf(src, path));
}

/** A value computed from a field: unknowns stay unknown, absent stays absent. */
function fm(field: Field, fn: (value: unknown) => unknown): Field {
  const v = field.value;
  if (v === undefined || v === null || v instanceof Unknown) return field;
  return new Field(fn(v instanceof Secret ? v.value : v), field.suffix);
}

/** An object in the azurerm vocabulary built from fields of `src`, remembering their source positions. */
function obj(src: unknown, fields: Record<string, unknown>): Tree {
  const out: Tree = {};
  const keys: Record<string, string> = {};
  for (const [name, entry] of Object.entries(fields)) {
    const value = entry instanceof Field ? entry.value : entry;
    if (value === undefined) continue;
    out[name] = value;
    if (entry instanceof Field && entry.suffix !== undefined) keys[name] = entry.suffix;
  }
  const origin = originOf(src);
  return origin ? setOrigin(out, { pointer: origin.pointer, keys }) : out;
}

function block(src: unknown, fields: Record<string, unknown>): unknown[] {
  return asBlockList(obj(src, fields));
}

/** Maps a decoded list; an unknown list stays unknown. */
function list(field: Field, fn: (element: unknown) => unknown): Field {
  const v = field.value;
  if (v instanceof Unknown || v === undefined || v === null) return field;
  if (!Array.isArray(v)) return new Field(undefined, field.suffix);
  const out = v.map(fn);
  const origin = originOf(v);
  return new Field(origin ? setOrigin(out, origin) : out, field.suffix);
}

function enabled(field: Field, whenAbsent?: boolean): Field {
  if (field.value === undefined || field.value === null) return new Field(whenAbsent, field.suffix);
  return fm(field, (v) => (typeof v === 'string' ? v.toLowerCase() === 'enabled' : Boolean(v)));
}

function orDefault(field: Field, fallback: unknown): Field {
  return field.value === undefined || field.value === null ? new Field(fallback, field.suffix) : field;
}

/** `{id}` sub-resource → its id string. */
function idOf(src: unknown, ...path: string[]): Field {
  return f(src, ...path, 'id');
}

/** Outputs azurerm shows as computed: unknown while the resource is being created, when the preview lacks them. */
function computedOnCreate(ctx: NativeContext, field: Field): Field {
  return field.value === undefined && ctx.creating ? new Field(COMPUTED, field.suffix) : field;
}

function identityBlock(src: unknown): Tree {
  return obj(src, {
    client_id: f(src, 'clientId'),
    object_id: f(src, 'objectId'),
    user_assigned_identity_id: f(src, 'resourceId'),
  });
}

/**
 * azurerm sets `kubelet_identity.user_assigned_identity_id` in configuration only for a pre-created
 * (BYO) kubelet identity; the identity AKS creates itself lives in the node resource group and is
 * not part of the configuration. azure-native reports both in `identityProfile`: it is pre-created
 * when the program sets it (an input), or when its id lies outside the node resource group (`MC_…`).
 */
function preCreatedKubelet(p: Tree, kubelet: Tree): boolean {
  const origin = originOf(kubelet);
  const where = origin?.keys?.resourceId ?? origin?.pointer ?? '';
  if (where.startsWith('inputs/') || where.includes('/inputs/')) return true;
  const id = kubelet.resourceId;
  if (typeof id !== 'string') return false;
  const nodeGroup = at(p, 'nodeResourceGroup');
  const group = /\/resourcegroups\/([^/]+)\//i.exec(id)?.[1]?.toLowerCase();
  if (typeof nodeGroup === 'string') return group !== nodeGroup.toLowerCase();
  return group !== undefined && !group.startsWith('mc_');
}

function agentPool(p: unknown): Record<string, unknown> {
  return {
    name: f(p, 'name'),
    vm_size: f(p, 'vmSize'),
    os_type: f(p, 'osType'),
    os_sku: f(p, 'osSKU'),
    mode: f(p, 'mode'),
    vnet_subnet_id: f(p, 'vnetSubnetID'),
    node_taints: f(p, 'nodeTaints'),
    node_labels: f(p, 'nodeLabels'),
    node_count: f(p, 'count'),
    max_pods: f(p, 'maxPods'),
    zones: f(p, 'availabilityZones'),
    node_public_ip_enabled: f(p, 'enableNodePublicIP'),
    orchestrator_version: f(p, 'orchestratorVersion'),
  };
}

function managedCluster(p: Tree, ctx: NativeContext): NativeTranslation {
  const identity = at(p, 'identity');
  const identityType = at(identity, 'type');
  const spClientId = at(p, 'servicePrincipalProfile', 'clientId');
  const usesServicePrincipal = typeof spClientId === 'string' && spClientId.toLowerCase() !== 'msi';
  const kubelet = at(p, 'identityProfile', 'kubeletidentity');
  let kubeletIdentity: unknown;
  if (kubelet instanceof Unknown) kubeletIdentity = kubelet;
  else if (isPlainObject(kubelet)) {
    const b = identityBlock(kubelet);
    if (!preCreatedKubelet(p, kubelet)) delete b.user_assigned_identity_id;
    if (ctx.creating) {
      // A pre-created kubelet identity gives resourceId only; ids are read from it after creation.
      if (b.client_id === undefined) b.client_id = COMPUTED;
      if (b.object_id === undefined) b.object_id = COMPUTED;
    }
    kubeletIdentity = asBlockList(b);
  } else if (!usesServicePrincipal && ctx.creating) kubeletIdentity = COMPUTED;

  const pools = at(p, 'agentPoolProfiles');
  let defaultPool: unknown;
  const derived: DerivedResource[] = [];
  if (pools instanceof Unknown) defaultPool = pools;
  else if (Array.isArray(pools) && pools.length > 0) {
    const systemIndex = Math.max(0, pools.findIndex((pool) => at(pool, 'mode') === 'System'));
    pools.forEach((pool, index) => {
      if (index === systemIndex) {
        defaultPool = block(pool, agentPool(pool));
        return;
      }
      const name = at(pool, 'name');
      derived.push({
        suffix: `agentPool/${typeof name === 'string' ? name : index}`,
        tfType: 'azurerm_kubernetes_cluster_node_pool',
        tree: obj(pool, { ...agentPool(pool), kubernetes_cluster_id: ctx.id }),
        links: { kubernetes_cluster_id: { self: ['id'] } },
      });
    });
  }

  const lb = at(p, 'networkProfile', 'loadBalancerProfile');
  const loadBalancer = isPlainObject(lb)
    ? block(lb, {
      managed_outbound_ip_count: f(lb, 'managedOutboundIPs', 'count'),
      outbound_ip_address_ids: list(f(lb, 'outboundIPs', 'publicIPs'), (ip) => at(ip, 'id')),
      outbound_ip_prefix_ids: list(f(lb, 'outboundIPPrefixes', 'publicIPPrefixes'), (ip) => at(ip, 'id')),
      effective_outbound_ips: list(f(lb, 'effectiveOutboundIPs'), (ip) => at(ip, 'id')),
    })
    : lb;
  const np = at(p, 'networkProfile');
  const networkProfile = isPlainObject(np)
    ? block(np, {
      network_plugin: f(np, 'networkPlugin'),
      network_policy: f(np, 'networkPolicy'),
      outbound_type: orDefault(f(np, 'outboundType'), 'loadBalancer'),
      load_balancer_profile: loadBalancer,
    })
    : np;

  const addon = (name: string, identityKey: string, extra: Record<string, unknown> = {}): unknown => {
    const profile = at(p, 'addonProfiles', name);
    if (!isPlainObject(profile) || at(profile, 'enabled') === false) return undefined;
    const id = at(profile, 'identity');
    return block(profile, {
      ...extra,
      [identityKey]: isPlainObject(id) ? asBlockList(identityBlock(id)) : (ctx.creating ? COMPUTED : id),
    });
  };
  const webAppRouting = at(p, 'ingressProfile', 'webAppRouting');
  const identityTree = isPlainObject(identity)
    ? block(identity, {
      type: identityType,
      identity_ids: fm(f(identity, 'userAssignedIdentities'), (v) => (isPlainObject(v) ? Object.keys(v) : v)),
      principal_id: computedOnCreate(ctx, f(identity, 'principalId')),
      tenant_id: f(identity, 'tenantId'),
    })
    : identity;

  return {
    tfType: 'azurerm_kubernetes_cluster',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'resourceName'),
      location: f(p, 'location'),
      resource_group_name: f(p, 'resourceGroupName'),
      dns_prefix: f(p, 'dnsPrefix'),
      kubernetes_version: f(p, 'kubernetesVersion'),
      identity: identityTree,
      kubelet_identity: kubeletIdentity,
      service_principal: usesServicePrincipal
        ? block(at(p, 'servicePrincipalProfile'), {
          client_id: f(at(p, 'servicePrincipalProfile'), 'clientId'),
          client_secret: f(at(p, 'servicePrincipalProfile'), 'secret'),
        })
        : undefined,
      default_node_pool: defaultPool,
      network_profile: networkProfile,
      oms_agent: addon('omsagent', 'oms_agent_identity', {
        log_analytics_workspace_id: f(at(p, 'addonProfiles', 'omsagent'), 'config', 'logAnalyticsWorkspaceResourceID'),
      }),
      ingress_application_gateway: addon('ingressApplicationGateway', 'ingress_application_gateway_identity'),
      key_vault_secrets_provider: addon('azureKeyvaultSecretsProvider', 'secret_identity'),
      web_app_routing: isPlainObject(webAppRouting) && at(webAppRouting, 'enabled') !== false
        ? block(webAppRouting, {
          web_app_routing_identity: isPlainObject(at(webAppRouting, 'identity'))
            ? asBlockList(identityBlock(at(webAppRouting, 'identity')))
            : (ctx.creating ? COMPUTED : undefined),
        })
        : undefined,
      private_cluster_enabled: f(p, 'apiServerAccessProfile', 'enablePrivateCluster'),
      node_resource_group: f(p, 'nodeResourceGroup'),
    }),
    linkKeys: {
      identityProfile: ['kubelet_identity.user_assigned_identity_id'],
      identity: ['identity.identity_ids'],
      agentPoolProfiles: ['default_node_pool.vnet_subnet_id'],
      networkProfile: ['network_profile.load_balancer_profile.outbound_ip_address_ids'],
      servicePrincipalProfile: ['service_principal.client_id'],
    },
    derived,
  };
}

function agentPoolResource(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_kubernetes_cluster_node_pool',
    tree: obj(p, { id: ctx.id, ...agentPool(p), name: f(p, 'agentPoolName'), kubernetes_cluster_id: undefined }),
    linkKeys: { resourceName: ['kubernetes_cluster_id'], vnetSubnetID: ['vnet_subnet_id'] },
  };
}

function registry(p: Tree, ctx: NativeContext): NativeTranslation {
  const rules = at(p, 'networkRuleSet');
  return {
    tfType: 'azurerm_container_registry',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'registryName'),
      location: f(p, 'location'),
      resource_group_name: f(p, 'resourceGroupName'),
      sku: f(p, 'sku', 'name'),
      admin_enabled: orDefault(f(p, 'adminUserEnabled'), false),
      public_network_access_enabled: enabled(f(p, 'publicNetworkAccess'), true),
      network_rule_set: isPlainObject(rules)
        ? block(rules, {
          default_action: f(rules, 'defaultAction'),
          ip_rule: list(f(rules, 'ipRules'), (rule) => obj(rule, {
            action: orDefault(f(rule, 'action'), 'Allow'),
            // The SDK names the address `iPAddressOrRange`; ARM JSON calls it `value`.
            ip_range: at(rule, 'iPAddressOrRange') !== undefined ? f(rule, 'iPAddressOrRange')
              : at(rule, 'ipAddressOrRange') !== undefined ? f(rule, 'ipAddressOrRange') : f(rule, 'value'),
          })),
        })
        : rules,
      network_rule_bypass_option: f(p, 'networkRuleBypassOptions'),
      anonymous_pull_enabled: orDefault(f(p, 'anonymousPullEnabled'), false),
      data_endpoint_enabled: orDefault(f(p, 'dataEndpointEnabled'), false),
      zone_redundancy_enabled: enabled(f(p, 'zoneRedundancy')),
      role_assignment_mode: f(p, 'roleAssignmentMode'),
      login_server: computedOnCreate(ctx, f(p, 'loginServer')),
    }),
  };
}

function roleAssignment(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_role_assignment',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'roleAssignmentName'),
      scope: f(p, 'scope'),
      role_definition_id: f(p, 'roleDefinitionId'),
      principal_id: f(p, 'principalId'),
      principal_type: f(p, 'principalType'),
      condition: f(p, 'condition'),
      condition_version: f(p, 'conditionVersion'),
      description: f(p, 'description'),
    }),
  };
}

function roleDefinition(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_role_definition',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'roleName'),
      scope: f(p, 'scope'),
      role_definition_id: f(p, 'roleDefinitionId'),
      assignable_scopes: f(p, 'assignableScopes'),
      permissions: list(f(p, 'permissions'), (perm) => obj(perm, {
        actions: f(perm, 'actions'),
        not_actions: f(perm, 'notActions'),
        data_actions: f(perm, 'dataActions'),
        not_data_actions: f(perm, 'notDataActions'),
      })),
    }),
  };
}

function userAssignedIdentity(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_user_assigned_identity',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'resourceName'),
      location: f(p, 'location'),
      resource_group_name: f(p, 'resourceGroupName'),
      principal_id: computedOnCreate(ctx, f(p, 'principalId')),
      client_id: computedOnCreate(ctx, f(p, 'clientId')),
      tenant_id: f(p, 'tenantId'),
    }),
  };
}

function resourceGroup(p: Tree, ctx: NativeContext): NativeTranslation {
  return { tfType: 'azurerm_resource_group', tree: obj(p, { id: ctx.id, name: f(p, 'resourceGroupName'), location: f(p, 'location') }) };
}

function subnetTree(p: unknown, id: unknown, nameKey: string): Tree {
  const prefixes = at(p, 'addressPrefixes');
  return obj(p, {
    id,
    name: f(p, nameKey),
    resource_group_name: f(p, 'resourceGroupName'),
    virtual_network_name: f(p, 'virtualNetworkName'),
    address_prefixes: prefixes !== undefined ? f(p, 'addressPrefixes') : fm(f(p, 'addressPrefix'), (v) => [v]),
    service_endpoints: list(f(p, 'serviceEndpoints'), (e) => at(e, 'service')),
    private_endpoint_network_policies: f(p, 'privateEndpointNetworkPolicies'),
  });
}

/** azurerm's association resources for a subnet's NSG, route table and NAT gateway. */
function subnetAssociations(p: unknown, prefix: string): DerivedResource[] {
  const out: DerivedResource[] = [];
  const pairs: [string, string, string, string][] = [
    ['networkSecurityGroup', 'azurerm_subnet_network_security_group_association', 'network_security_group_id', 'network-security-group'],
    ['routeTable', 'azurerm_subnet_route_table_association', 'route_table_id', 'route-table'],
    ['natGateway', 'azurerm_subnet_nat_gateway_association', 'nat_gateway_id', 'nat-gateway'],
  ];
  for (const [key, tfType, attr, name] of pairs) {
    const target = at(p, key);
    if (target === undefined || target === null) continue;
    out.push({
      suffix: `${prefix}${name}-association`,
      tfType,
      tree: obj(p, { subnet_id: undefined, [attr]: idOf(p, key) }),
      links: { subnet_id: { self: ['id'] }, [attr]: { input: key } },
    });
  }
  return out;
}

function withSubnetId(derived: DerivedResource[], subnetId: unknown): DerivedResource[] {
  return derived.map((d) => ({ ...d, tree: Object.assign(d.tree, { subnet_id: subnetId ?? COMPUTED }) }));
}

function subnet(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_subnet',
    tree: subnetTree(p, ctx.id, 'subnetName'),
    derived: withSubnetId(subnetAssociations(p, ''), ctx.id),
  };
}

function virtualNetwork(p: Tree, ctx: NativeContext): NativeTranslation {
  const subnets = at(p, 'subnets');
  const derived: DerivedResource[] = [];
  if (Array.isArray(subnets)) {
    subnets.forEach((s, index) => {
      const name = at(s, 'name');
      const label = typeof name === 'string' ? name : String(index);
      const vnetId = ctx.id;
      const id = typeof vnetId === 'string' && typeof name === 'string' ? `${vnetId}/subnets/${name}` : COMPUTED;
      const tree = subnetTree(s, id, 'name');
      tree.virtual_network_name = at(p, 'virtualNetworkName');
      tree.resource_group_name = at(p, 'resourceGroupName');
      derived.push({ suffix: `subnet/${label}`, tfType: 'azurerm_subnet', tree, links: { virtual_network_name: { self: ['name'] } } });
      derived.push(...withSubnetId(subnetAssociations(s, `subnet/${label}/`), id));
    });
  }
  return {
    tfType: 'azurerm_virtual_network',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'virtualNetworkName'),
      location: f(p, 'location'),
      resource_group_name: f(p, 'resourceGroupName'),
      address_space: f(p, 'addressSpace', 'addressPrefixes'),
      dns_servers: orDefault(f(p, 'dhcpOptions', 'dnsServers'), []),
      subnet: list(f(p, 'subnets'), (s) => obj(s, {
        name: f(s, 'name'),
        address_prefixes: at(s, 'addressPrefixes') !== undefined ? f(s, 'addressPrefixes') : fm(f(s, 'addressPrefix'), (v) => [v]),
        security_group: idOf(s, 'networkSecurityGroup'),
      })),
    }),
    derived,
  };
}

function peering(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_virtual_network_peering',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'virtualNetworkPeeringName'),
      virtual_network_name: f(p, 'virtualNetworkName'),
      resource_group_name: f(p, 'resourceGroupName'),
      remote_virtual_network_id: idOf(p, 'remoteVirtualNetwork'),
      allow_virtual_network_access: orDefault(f(p, 'allowVirtualNetworkAccess'), true),
      allow_forwarded_traffic: orDefault(f(p, 'allowForwardedTraffic'), false),
      allow_gateway_transit: orDefault(f(p, 'allowGatewayTransit'), false),
      use_remote_gateways: orDefault(f(p, 'useRemoteGateways'), false),
    }),
    linkKeys: { remoteVirtualNetwork: ['remote_virtual_network_id'] },
  };
}

function privateEndpoint(p: Tree, ctx: NativeContext): NativeTranslation {
  const auto = at(p, 'privateLinkServiceConnections');
  const manual = at(p, 'manualPrivateLinkServiceConnections');
  const pick = Array.isArray(auto) && auto.length > 0 ? { c: auto[0], manual: false, key: 'privateLinkServiceConnections' }
    : Array.isArray(manual) && manual.length > 0 ? { c: manual[0], manual: true, key: 'manualPrivateLinkServiceConnections' }
      : undefined;
  return {
    tfType: 'azurerm_private_endpoint',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'privateEndpointName'),
      location: f(p, 'location'),
      resource_group_name: f(p, 'resourceGroupName'),
      subnet_id: idOf(p, 'subnet'),
      custom_network_interface_name: f(p, 'customNetworkInterfaceName'),
      private_service_connection: pick
        ? block(pick.c, {
          name: f(pick.c, 'name'),
          private_connection_resource_id: f(pick.c, 'privateLinkServiceId'),
          subresource_names: f(pick.c, 'groupIds'),
          is_manual_connection: pick.manual,
          request_message: f(pick.c, 'requestMessage'),
        })
        : (auto instanceof Unknown ? auto : undefined),
    }),
    linkKeys: {
      subnet: ['subnet_id'],
      privateLinkServiceConnections: ['private_service_connection.private_connection_resource_id'],
      manualPrivateLinkServiceConnections: ['private_service_connection.private_connection_resource_id'],
    },
  };
}

/** Kept as its own resource for addresses; the parser also folds it into its endpoint (azurerm nests it). */
function privateDnsZoneGroup(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azure_native_private_dns_zone_group',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'privateDnsZoneGroupName'),
      private_endpoint_name: f(p, 'privateEndpointName'),
      resource_group_name: f(p, 'resourceGroupName'),
      private_dns_zone_ids: list(f(p, 'privateDnsZoneConfigs'), (c) => at(c, 'privateDnsZoneId')),
    }),
    linkKeys: { privateDnsZoneConfigs: ['private_dns_zone_ids'], privateEndpointName: ['private_endpoint_name'] },
  };
}

function privateZone(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_private_dns_zone',
    tree: obj(p, { id: ctx.id, name: f(p, 'privateZoneName'), resource_group_name: f(p, 'resourceGroupName') }),
  };
}

function virtualNetworkLink(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_private_dns_zone_virtual_network_link',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'virtualNetworkLinkName'),
      private_dns_zone_name: f(p, 'privateZoneName'),
      resource_group_name: f(p, 'resourceGroupName'),
      virtual_network_id: idOf(p, 'virtualNetwork'),
      registration_enabled: orDefault(f(p, 'registrationEnabled'), false),
    }),
    linkKeys: { virtualNetwork: ['virtual_network_id'], privateZoneName: ['private_dns_zone_name'] },
  };
}

function privateRecordSet(p: Tree, ctx: NativeContext): NativeTranslation {
  const recordType = at(p, 'recordType');
  return {
    tfType: recordType === 'A' ? 'azurerm_private_dns_a_record' : `azurerm_private_dns_${String(recordType).toLowerCase()}_record`,
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'relativeRecordSetName'),
      zone_name: f(p, 'privateZoneName'),
      resource_group_name: f(p, 'resourceGroupName'),
      ttl: f(p, 'ttl'),
      records: list(f(p, 'aRecords'), (r) => at(r, 'ipv4Address')),
    }),
    linkKeys: { privateZoneName: ['zone_name'] },
  };
}

function publicIp(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_public_ip',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'publicIpAddressName'),
      location: f(p, 'location'),
      resource_group_name: f(p, 'resourceGroupName'),
      allocation_method: f(p, 'publicIPAllocationMethod'),
      sku: f(p, 'sku', 'name'),
      ip_address: computedOnCreate(ctx, f(p, 'ipAddress')),
    }),
  };
}

function publicIpPrefix(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_public_ip_prefix',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'publicIpPrefixName'),
      prefix_length: f(p, 'prefixLength'),
      ip_prefix: computedOnCreate(ctx, f(p, 'ipPrefix')),
    }),
  };
}

function natGateway(p: Tree, ctx: NativeContext): NativeTranslation {
  const derived: DerivedResource[] = [];
  const ips = at(p, 'publicIpAddresses');
  if (Array.isArray(ips)) {
    ips.forEach((ip, index) => derived.push({
      suffix: `public-ip-association/${index}`,
      tfType: 'azurerm_nat_gateway_public_ip_association',
      tree: obj(ip, { nat_gateway_id: ctx.id, public_ip_address_id: f(ip, 'id') }),
      links: { nat_gateway_id: { self: ['id'] }, public_ip_address_id: { input: 'publicIpAddresses' } },
    }));
  }
  const prefixes = at(p, 'publicIpPrefixes');
  if (Array.isArray(prefixes)) {
    prefixes.forEach((prefix, index) => derived.push({
      suffix: `public-ip-prefix-association/${index}`,
      tfType: 'azurerm_nat_gateway_public_ip_prefix_association',
      tree: obj(prefix, { nat_gateway_id: ctx.id, public_ip_prefix_id: f(prefix, 'id') }),
      links: { nat_gateway_id: { self: ['id'] }, public_ip_prefix_id: { input: 'publicIpPrefixes' } },
    }));
  }
  return { tfType: 'azurerm_nat_gateway', tree: obj(p, { id: ctx.id, name: f(p, 'natGatewayName'), sku_name: f(p, 'sku', 'name') }), derived };
}

function securityRuleFields(r: unknown): Record<string, unknown> {
  return {
    name: f(r, 'name'),
    priority: f(r, 'priority'),
    direction: f(r, 'direction'),
    access: f(r, 'access'),
    protocol: f(r, 'protocol'),
    source_port_range: f(r, 'sourcePortRange'),
    source_port_ranges: f(r, 'sourcePortRanges'),
    destination_port_range: f(r, 'destinationPortRange'),
    destination_port_ranges: f(r, 'destinationPortRanges'),
    source_address_prefix: f(r, 'sourceAddressPrefix'),
    source_address_prefixes: f(r, 'sourceAddressPrefixes'),
    destination_address_prefix: f(r, 'destinationAddressPrefix'),
    destination_address_prefixes: f(r, 'destinationAddressPrefixes'),
  };
}

function networkSecurityGroup(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_network_security_group',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'networkSecurityGroupName'),
      resource_group_name: f(p, 'resourceGroupName'),
      security_rule: orDefault(list(f(p, 'securityRules'), (r) => obj(r, securityRuleFields(r))), []),
    }),
  };
}

function securityRule(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_network_security_rule',
    tree: obj(p, {
      id: ctx.id,
      ...securityRuleFields(p),
      name: f(p, 'securityRuleName'),
      network_security_group_name: f(p, 'networkSecurityGroupName'),
      resource_group_name: f(p, 'resourceGroupName'),
    }),
  };
}

function routeFields(r: unknown): Record<string, unknown> {
  return {
    name: f(r, 'name'),
    address_prefix: f(r, 'addressPrefix'),
    next_hop_type: f(r, 'nextHopType'),
    next_hop_in_ip_address: f(r, 'nextHopIpAddress'),
  };
}

function routeTable(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_route_table',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'routeTableName'),
      resource_group_name: f(p, 'resourceGroupName'),
      route: orDefault(list(f(p, 'routes'), (r) => obj(r, routeFields(r))), []),
      bgp_route_propagation_enabled: fm(f(p, 'disableBgpRoutePropagation'), (v) => !v),
    }),
  };
}

function route(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_route',
    tree: obj(p, {
      id: ctx.id,
      ...routeFields(p),
      name: f(p, 'routeName'),
      route_table_name: f(p, 'routeTableName'),
      resource_group_name: f(p, 'resourceGroupName'),
    }),
  };
}

function azureFirewall(p: Tree, ctx: NativeContext): NativeTranslation {
  return {
    tfType: 'azurerm_firewall',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'azureFirewallName'),
      resource_group_name: f(p, 'resourceGroupName'),
      sku_name: f(p, 'sku', 'name'),
      sku_tier: f(p, 'sku', 'tier'),
      firewall_policy_id: idOf(p, 'firewallPolicy'),
      ip_configuration: list(f(p, 'ipConfigurations'), (c) => obj(c, {
        name: f(c, 'name'),
        subnet_id: idOf(c, 'subnet'),
        public_ip_address_id: idOf(c, 'publicIPAddress'),
        private_ip_address: f(c, 'privateIPAddress'),
      })),
    }),
    linkKeys: { firewallPolicy: ['firewall_policy_id'], ipConfigurations: ['ip_configuration.subnet_id', 'ip_configuration.public_ip_address_id'] },
  };
}

function firewallPolicy(p: Tree, ctx: NativeContext): NativeTranslation {
  return { tfType: 'azurerm_firewall_policy', tree: obj(p, { id: ctx.id, name: f(p, 'firewallPolicyName'), resource_group_name: f(p, 'resourceGroupName') }) };
}

function ruleCollectionGroup(p: Tree, ctx: NativeContext): NativeTranslation {
  const collections = at(p, 'ruleCollections');
  const application: unknown[] = [];
  const network: unknown[] = [];
  if (Array.isArray(collections)) {
    for (const c of collections) {
      const rules = at(c, 'rules');
      if (!Array.isArray(rules)) continue;
      const base = { name: f(c, 'name'), priority: f(c, 'priority'), action: f(c, 'action', 'type') };
      const app = rules.filter((r) => at(r, 'ruleType') === 'ApplicationRule').map((r) => obj(r, {
        name: f(r, 'name'),
        source_addresses: f(r, 'sourceAddresses'),
        destination_fqdns: f(r, 'targetFqdns'),
        destination_fqdn_tags: f(r, 'fqdnTags'),
        destination_urls: f(r, 'targetUrls'),
        protocols: list(f(r, 'protocols'), (proto) => obj(proto, { type: f(proto, 'protocolType'), port: f(proto, 'port') })),
      }));
      const net = rules.filter((r) => at(r, 'ruleType') === 'NetworkRule').map((r) => obj(r, {
        name: f(r, 'name'),
        protocols: f(r, 'ipProtocols'),
        source_addresses: f(r, 'sourceAddresses'),
        destination_addresses: f(r, 'destinationAddresses'),
        destination_ports: f(r, 'destinationPorts'),
        destination_fqdns: f(r, 'destinationFqdns'),
      }));
      if (app.length > 0) application.push(obj(c, { ...base, rule: app }));
      if (net.length > 0) network.push(obj(c, { ...base, rule: net }));
    }
  }
  return {
    tfType: 'azurerm_firewall_policy_rule_collection_group',
    tree: obj(p, {
      id: ctx.id,
      name: f(p, 'ruleCollectionGroupName'),
      priority: f(p, 'priority'),
      firewall_policy_name: f(p, 'firewallPolicyName'),
      firewall_policy_id: undefined,
      application_rule_collection: collections instanceof Unknown ? collections : application,
      network_rule_collection: collections instanceof Unknown ? collections : network,
    }),
    linkKeys: { firewallPolicyName: ['firewall_policy_id', 'firewall_policy_name'] },
  };
}

type Translator = (p: Tree, ctx: NativeContext) => NativeTranslation;

/** azure-native type token (module:Type, without the package) → translator. */
const TRANSLATORS: Readonly<Record<string, Translator>> = {
  'containerservice:ManagedCluster': managedCluster,
  'containerservice:AgentPool': agentPoolResource,
  'containerregistry:Registry': registry,
  'authorization:RoleAssignment': roleAssignment,
  'authorization:RoleDefinition': roleDefinition,
  'managedidentity:UserAssignedIdentity': userAssignedIdentity,
  'resources:ResourceGroup': resourceGroup,
  'network:VirtualNetwork': virtualNetwork,
  'network:Subnet': subnet,
  'network:VirtualNetworkPeering': peering,
  'network:PrivateEndpoint': privateEndpoint,
  'network:PrivateDnsZoneGroup': privateDnsZoneGroup,
  'network:PrivateZone': privateZone,
  'privatedns:PrivateZone': privateZone,
  'network:VirtualNetworkLink': virtualNetworkLink,
  'privatedns:VirtualNetworkLink': virtualNetworkLink,
  'network:PrivateRecordSet': privateRecordSet,
  'privatedns:PrivateRecordSet': privateRecordSet,
  'network:PublicIPAddress': publicIp,
  'network:PublicIPPrefix': publicIpPrefix,
  'network:NatGateway': natGateway,
  'network:NetworkSecurityGroup': networkSecurityGroup,
  'network:SecurityRule': securityRule,
  'network:RouteTable': routeTable,
  'network:Route': route,
  'network:AzureFirewall': azureFirewall,
  'network:FirewallPolicy': firewallPolicy,
  'network:FirewallPolicyRuleCollectionGroup': ruleCollectionGroup,
};

/** The translator of an azure-native token; versioned modules (`network/v20230501:…`) use the same one. */
export function nativeTranslator(token: string): Translator | undefined {
  const match = /^azure-native:([a-zA-Z]+)(?:\/[a-z0-9]+)?:([A-Za-z]+)$/.exec(token);
  return match ? TRANSLATORS[`${match[1]}:${match[2]}`] : undefined;
}
