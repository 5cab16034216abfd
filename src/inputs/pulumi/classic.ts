import { pointerToken } from '../../graph/resource.js';
import {
  COMPUTED, Secret, Unknown, containsUnknown, isPlainObject, originOf, plain, setOrigin, type Tree,
} from './values.js';

/**
 * Pulumi's bridged ("classic") providers `@pulumi/aws`, `@pulumi/azure` and `@pulumi/azuread` are
 * generated from the Terraform providers: same resources, same attributes, camelCased by the bridge
 * (tfbridge), which also flattens single-item blocks into objects and pluralizes list attributes whose
 * Terraform name is singular (`inline_policy` → `inlinePolicies`, `route` → `routes`). Translating back
 * is therefore: type token → Terraform type (table below), camelCase → snake_case, and the bridge's
 * pluralizations undone per type. Keys of user maps (tags, labels, …) are data, never renamed.
 *
 * Classic security groups keep Terraform semantics (the provider removes AWS's default egress rule),
 * so they need no default filled in, unlike CloudFormation.
 */

/** Pulumi type token → Terraform resource type, for the tokens the rules read. */
export const CLASSIC_TYPES: Readonly<Record<string, string>> = {
  // AWS: EKS and compute
  'aws:eks/cluster:Cluster': 'aws_eks_cluster',
  'aws:eks/nodeGroup:NodeGroup': 'aws_eks_node_group',
  'aws:eks/fargateProfile:FargateProfile': 'aws_eks_fargate_profile',
  'aws:eks/podIdentityAssociation:PodIdentityAssociation': 'aws_eks_pod_identity_association',
  'aws:eks/addon:Addon': 'aws_eks_addon',
  'aws:autoscaling/group:Group': 'aws_autoscaling_group',
  'aws:ec2/launchTemplate:LaunchTemplate': 'aws_launch_template',
  'aws:ec2/launchConfiguration:LaunchConfiguration': 'aws_launch_configuration',
  'aws:ec2/instance:Instance': 'aws_instance',
  // AWS: IAM
  'aws:iam/role:Role': 'aws_iam_role',
  'aws:iam/instanceProfile:InstanceProfile': 'aws_iam_instance_profile',
  'aws:iam/policy:Policy': 'aws_iam_policy',
  'aws:iam/rolePolicy:RolePolicy': 'aws_iam_role_policy',
  'aws:iam/rolePolicyAttachment:RolePolicyAttachment': 'aws_iam_role_policy_attachment',
  'aws:iam/policyAttachment:PolicyAttachment': 'aws_iam_policy_attachment',
  'aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive': 'aws_iam_role_policy_attachments_exclusive',
  'aws:iam/rolePoliciesExclusive:RolePoliciesExclusive': 'aws_iam_role_policies_exclusive',
  'aws:iam/openIdConnectProvider:OpenIdConnectProvider': 'aws_iam_openid_connect_provider',
  // AWS: network
  'aws:ec2/vpc:Vpc': 'aws_vpc',
  'aws:ec2/subnet:Subnet': 'aws_subnet',
  'aws:ec2/routeTable:RouteTable': 'aws_route_table',
  'aws:ec2/defaultRouteTable:DefaultRouteTable': 'aws_default_route_table',
  'aws:ec2/route:Route': 'aws_route',
  'aws:ec2/routeTableAssociation:RouteTableAssociation': 'aws_route_table_association',
  'aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation': 'aws_main_route_table_association',
  'aws:ec2/internetGateway:InternetGateway': 'aws_internet_gateway',
  'aws:ec2/internetGatewayAttachment:InternetGatewayAttachment': 'aws_internet_gateway_attachment',
  'aws:ec2/natGateway:NatGateway': 'aws_nat_gateway',
  'aws:ec2/eip:Eip': 'aws_eip',
  'aws:ec2/securityGroup:SecurityGroup': 'aws_security_group',
  'aws:ec2/defaultSecurityGroup:DefaultSecurityGroup': 'aws_default_security_group',
  'aws:ec2/securityGroupRule:SecurityGroupRule': 'aws_security_group_rule',
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': 'aws_vpc_security_group_egress_rule',
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': 'aws_vpc_security_group_ingress_rule',
  'aws:ec2/networkAcl:NetworkAcl': 'aws_network_acl',
  'aws:ec2/defaultNetworkAcl:DefaultNetworkAcl': 'aws_default_network_acl',
  'aws:ec2/networkAclRule:NetworkAclRule': 'aws_network_acl_rule',
  'aws:ec2/networkAclAssociation:NetworkAclAssociation': 'aws_network_acl_association',
  'aws:ec2/vpcEndpoint:VpcEndpoint': 'aws_vpc_endpoint',
  'aws:ec2/vpcEndpointRouteTableAssociation:VpcEndpointRouteTableAssociation': 'aws_vpc_endpoint_route_table_association',
  'aws:ec2/vpcEndpointSubnetAssociation:VpcEndpointSubnetAssociation': 'aws_vpc_endpoint_subnet_association',
  'aws:ec2/securityGroupAssociation:SecurityGroupAssociation': 'aws_vpc_endpoint_security_group_association',
  'aws:vpc/endpointPrivateDns:EndpointPrivateDns': 'aws_vpc_endpoint_private_dns',
  'aws:ec2/vpcDhcpOptions:VpcDhcpOptions': 'aws_vpc_dhcp_options',
  'aws:ec2/vpcDhcpOptionsAssociation:VpcDhcpOptionsAssociation': 'aws_vpc_dhcp_options_association',
  // AWS: registry and keys
  'aws:ecr/repository:Repository': 'aws_ecr_repository',
  'aws:ecr/repositoryPolicy:RepositoryPolicy': 'aws_ecr_repository_policy',
  'aws:ecr/registryPolicy:RegistryPolicy': 'aws_ecr_registry_policy',
  'aws:ecr/pullThroughCacheRule:PullThroughCacheRule': 'aws_ecr_pull_through_cache_rule',
  'aws:ecr/replicationConfiguration:ReplicationConfiguration': 'aws_ecr_replication_configuration',
  'aws:kms/key:Key': 'aws_kms_key',

  // Azure classic (azurerm)
  'azure:containerservice/kubernetesCluster:KubernetesCluster': 'azurerm_kubernetes_cluster',
  'azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool': 'azurerm_kubernetes_cluster_node_pool',
  'azure:containerservice/registry:Registry': 'azurerm_container_registry',
  'azure:containerservice/registryScopeMap:RegistryScopeMap': 'azurerm_container_registry_scope_map',
  'azure:containerservice/registryToken:RegistryToken': 'azurerm_container_registry_token',
  'azure:authorization/assignment:Assignment': 'azurerm_role_assignment',
  'azure:authorization/roleDefinition:RoleDefinition': 'azurerm_role_definition',
  'azure:authorization/userAssignedIdentity:UserAssignedIdentity': 'azurerm_user_assigned_identity',
  'azure:core/resourceGroup:ResourceGroup': 'azurerm_resource_group',
  'azure:network/virtualNetwork:VirtualNetwork': 'azurerm_virtual_network',
  'azure:network/subnet:Subnet': 'azurerm_subnet',
  'azure:network/virtualNetworkPeering:VirtualNetworkPeering': 'azurerm_virtual_network_peering',
  'azure:privatelink/endpoint:Endpoint': 'azurerm_private_endpoint',
  'azure:network/publicIp:PublicIp': 'azurerm_public_ip',
  'azure:network/publicIpPrefix:PublicIpPrefix': 'azurerm_public_ip_prefix',
  'azure:network/natGateway:NatGateway': 'azurerm_nat_gateway',
  'azure:network/natGatewayPublicIpAssociation:NatGatewayPublicIpAssociation': 'azurerm_nat_gateway_public_ip_association',
  'azure:network/natGatewayPublicIpPrefixAssociation:NatGatewayPublicIpPrefixAssociation': 'azurerm_nat_gateway_public_ip_prefix_association',
  'azure:network/subnetNatGatewayAssociation:SubnetNatGatewayAssociation': 'azurerm_subnet_nat_gateway_association',
  'azure:network/networkSecurityGroup:NetworkSecurityGroup': 'azurerm_network_security_group',
  'azure:network/networkSecurityRule:NetworkSecurityRule': 'azurerm_network_security_rule',
  'azure:network/subnetNetworkSecurityGroupAssociation:SubnetNetworkSecurityGroupAssociation': 'azurerm_subnet_network_security_group_association',
  'azure:network/routeTable:RouteTable': 'azurerm_route_table',
  'azure:network/route:Route': 'azurerm_route',
  'azure:network/subnetRouteTableAssociation:SubnetRouteTableAssociation': 'azurerm_subnet_route_table_association',
  'azure:network/firewall:Firewall': 'azurerm_firewall',
  'azure:network/firewallPolicy:FirewallPolicy': 'azurerm_firewall_policy',
  'azure:network/firewallPolicyRuleCollectionGroup:FirewallPolicyRuleCollectionGroup': 'azurerm_firewall_policy_rule_collection_group',
  'azure:network/firewallApplicationRuleCollection:FirewallApplicationRuleCollection': 'azurerm_firewall_application_rule_collection',
  'azure:network/firewallNetworkRuleCollection:FirewallNetworkRuleCollection': 'azurerm_firewall_network_rule_collection',
  'azure:privatedns/zone:Zone': 'azurerm_private_dns_zone',
  'azure:privatedns/zoneVirtualNetworkLink:ZoneVirtualNetworkLink': 'azurerm_private_dns_zone_virtual_network_link',
  'azure:privatedns/aRecord:ARecord': 'azurerm_private_dns_a_record',
  // Entra ID (azuread)
  'azuread:index/application:Application': 'azuread_application',
  'azuread:index/applicationRegistration:ApplicationRegistration': 'azuread_application_registration',
  'azuread:index/servicePrincipal:ServicePrincipal': 'azuread_service_principal',
  'azuread:index/servicePrincipalPassword:ServicePrincipalPassword': 'azuread_service_principal_password',
  'azuread:index/applicationPassword:ApplicationPassword': 'azuread_application_password',
  'azuread:index/group:Group': 'azuread_group',
  'azuread:index/groupMember:GroupMember': 'azuread_group_member',
};

/** Terraform type of a classic token: the table, else the bridge's usual `aws:<module>/<name>:<Type>` → `aws_<module>_<name>`. */
export function classicTerraformType(token: string): string | undefined {
  const known = CLASSIC_TYPES[token];
  if (known) return known;
  const match = /^(aws|azure|azuread):([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):[A-Za-z0-9]+$/.exec(token);
  if (!match) return undefined;
  const prefix = match[1] === 'azure' ? 'azurerm' : match[1]!;
  const module = match[2] === 'index' ? '' : `${snakeCase(match[2]!)}_`;
  return `${prefix}_${module}${snakeCase(match[3]!)}`;
}

/** camelCase → snake_case as tfbridge names things (`nodeRoleArn` → `node_role_arn`, `ipv6CidrBlocks` → `ipv6_cidr_blocks`). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** Attributes whose values are maps of user data: their keys are never renamed. */
export const OPAQUE_MAPS = new Set([
  'tags', 'tags_all', 'labels', 'node_labels', 'annotations', 'node_selector', 'environment', 'variables',
  'parameters', 'triggers', 'settings', 'app_settings', 'config', 'metadata', 'user_assigned_identities', 'outputs',
]);

/** Attributes holding IAM policy documents: Terraform keeps them as JSON strings, Pulumi accepts objects. */
const POLICY_DOCUMENTS = new Set(['policy', 'assume_role_policy']);

/** The bridge's pluralizations undone, per Terraform type (snake_case Pulumi name → Terraform name). */
const RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  aws_iam_role: { inline_policies: 'inline_policy' },
  aws_eks_node_group: { taints: 'taint' },
  aws_eks_fargate_profile: { selectors: 'selector' },
  aws_route_table: { routes: 'route' },
  aws_default_route_table: { routes: 'route' },
  aws_ecr_repository: { encryption_configurations: 'encryption_configuration' },
  aws_autoscaling_group: { vpc_zone_identifiers: 'vpc_zone_identifier', tags: 'tag' },
  aws_ecr_replication_configuration: { rules: 'rule', destinations: 'destination', repository_filters: 'repository_filter' },
  aws_iam_openid_connect_provider: { client_id_lists: 'client_id_list', thumbprint_lists: 'thumbprint_list' },
  aws_vpc_endpoint: { dns_entries: 'dns_entry' },
  azurerm_kubernetes_cluster: {
    kubelet_identities: 'kubelet_identity',
    oms_agent_identities: 'oms_agent_identity',
    ingress_application_gateway_identities: 'ingress_application_gateway_identity',
    secret_identities: 'secret_identity',
    web_app_routing_identities: 'web_app_routing_identity',
    kube_configs: 'kube_config',
    kube_admin_configs: 'kube_admin_config',
  },
  azurerm_container_registry: { ip_rules: 'ip_rule', virtual_networks: 'virtual_network' },
  azurerm_private_endpoint: { ip_configurations: 'ip_configuration' },
  azurerm_network_security_group: { security_rules: 'security_rule' },
  azurerm_route_table: { routes: 'route' },
  azurerm_virtual_network: { subnets: 'subnet', address_spaces: 'address_space' },
  azurerm_subnet: { delegations: 'delegation' },
  azurerm_firewall: { ip_configurations: 'ip_configuration' },
  azurerm_firewall_policy_rule_collection_group: {
    application_rule_collections: 'application_rule_collection',
    network_rule_collections: 'network_rule_collection',
    nat_rule_collections: 'nat_rule_collection',
    rules: 'rule',
  },
  azurerm_firewall_application_rule_collection: { rules: 'rule', protocols: 'protocol' },
  azurerm_firewall_network_rule_collection: { rules: 'rule' },
};

/** The normalized name of a top-level Pulumi property of a classic resource (also used for link keys). */
export function classicName(tfType: string, pulumiName: string): string {
  const snake = snakeCase(pulumiName);
  return RENAMES[tfType]?.[snake] ?? snake;
}

/** A one-element block list around an object, keeping the object's source position. */
export function asBlockList(value: Tree): unknown[] {
  const origin = originOf(value);
  const list = [value];
  return origin ? setOrigin(list, { pointer: origin.pointer, transparent: true }) : list;
}

/** Translates a decoded classic property tree into the Terraform vocabulary of `tfType`. */
export function toTerraformShape(tfType: string, value: unknown, opaque = false): unknown {
  if (value instanceof Unknown) return value;
  if (value instanceof Secret) return new Secret(toTerraformShape(tfType, value.value, opaque));
  if (Array.isArray(value)) {
    const out = value.map((element) => toTerraformShape(tfType, element, opaque));
    const origin = originOf(value);
    return origin ? setOrigin(out, origin) : out;
  }
  if (!isPlainObject(value)) return value;
  if (opaque) return value;
  const origin = originOf(value);
  const out: Tree = {};
  const keys: Record<string, string> = {};
  for (const [key, child] of Object.entries(value)) {
    const name = classicName(tfType, key);
    let translated: unknown;
    if (POLICY_DOCUMENTS.has(name) && (isPlainObject(child) || Array.isArray(child))) {
      // A document given as an object: Terraform's vocabulary is its JSON text (keys untouched).
      translated = containsUnknown(child) ? COMPUTED : JSON.stringify(plain(child));
    } else {
      translated = toTerraformShape(tfType, child, OPAQUE_MAPS.has(name));
      // The bridge flattens single-item blocks into objects; Terraform shows them as one-element lists.
      if (!OPAQUE_MAPS.has(name) && isPlainObject(translated)) translated = asBlockList(translated);
    }
    out[name] = translated;
    keys[name] = origin?.keys?.[key] ?? pointerToken(key);
  }
  return origin ? setOrigin(out, { pointer: origin.pointer, keys }) : out;
}
