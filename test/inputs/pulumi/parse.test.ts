import { describe, expect, it } from 'vitest';
import { nodeSets } from '../../../src/analysis/aws-nodes.js';
import { buildGraph, lint } from '../../../src/engine/lint.js';
import { rules } from '../../../src/rules/index.js';
import { loadInputs } from '../../../src/engine/load.js';
import type { ResourceGraph } from '../../../src/graph/graph.js';
import { pulumiParser } from '../../../src/inputs/pulumi/parse.js';

const FIXTURES = 'test/fixtures/pulumi';
const U = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const SECRET_SIG = { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270' };

function load(...paths: string[]): ResourceGraph {
  const { loaded, errors } = loadInputs(paths);
  expect(errors).toEqual([]);
  return buildGraph(loaded);
}

/** A preview digest (input-formats §3.1) built from step tuples. */
function digest(steps: { op: string; type: string; name: string; inputs?: object; outputs?: object; deps?: Record<string, string[]>; parent?: string; id?: string }[], config: object = {}): unknown {
  return {
    config,
    steps: steps.map((s) => {
      const urn = s.type.includes('::') ? s.type : `urn:pulumi:dev::p::${s.type}::${s.name}`;
      const type = s.type.includes('::') ? s.type.split('::')[2]!.split('$').pop()! : s.type.split('$').pop()!;
      return {
        op: s.op,
        urn,
        newState: {
          urn, custom: !/^(eks|awsx):/.test(type), type, ...(s.id ? { id: s.id } : {}),
          inputs: s.inputs ?? {}, outputs: s.outputs ?? {}, ...(s.parent ? { parent: s.parent } : {}),
          propertyDependencies: s.deps ?? {},
        },
      };
    }),
    duration: 1,
    changeSummary: {},
  };
}

function parseJson(json: unknown, path = 'preview.json'): ResourceGraph {
  const source = { path, text: JSON.stringify(json), json };
  expect(pulumiParser.accepts(source)).toBe(true);
  return buildGraph([{ path, parsed: pulumiParser.parse(source) }]);
}

const urnOf = (type: string, name: string): string => `urn:pulumi:dev::p::${type}::${name}`;

describe('pulumi stack export (pulumi-eks managed node groups, real)', () => {
  const graph = load(`${FIXTURES}/pulumi-eks-managed-nodegroups.stack.json`);
  const P = 'urn:pulumi:test::example-managed-nodegroups::';

  it('keeps custom resources only, with their normalized kinds, addressed by URN', () => {
    const counts: Record<string, number> = {};
    for (const r of graph.all()) counts[r.kind ?? r.nativeType] = (counts[r.kind ?? r.nativeType] ?? 0) + 1;
    expect(counts).toEqual({
      'aws.iam.role': 4, 'aws.iam.rolepolicyattachment': 10, 'aws.ec2.vpc': 1, 'aws.ec2.internetgateway': 1,
      'aws.ec2.subnet': 6, 'aws.ec2.routetable': 6, 'aws.ec2.routetableassociation': 6, 'aws.ec2.eip': 3,
      'aws.ec2.route': 6, 'aws.ec2.natgateway': 3, 'aws.ec2.securitygroup': 2, 'aws.ec2.securitygrouprule': 6,
      'aws.eks.cluster': 1, 'kubernetes:core/v1:ConfigMap': 1, 'aws:eks/addon:Addon': 2, 'aws.ec2.launchtemplate': 3,
      'aws.eks.nodegroup': 5,
    });
    expect(graph.all().every((r) => r.action === 'no-op')).toBe(true);
  });

  it('translates node groups into the aws_eks_node_group vocabulary', () => {
    const ng = graph.byAddress(0, `${P}eks:index:ManagedNodeGroup$aws:eks/nodeGroup:NodeGroup::example-managed-ng3`)!;
    expect(ng.kind).toBe('aws.eks.nodegroup');
    expect(ng.get(['node_role_arn'])).toMatchObject({ known: true, value: 'arn:aws:iam::894850187425:role/example-role2-9360fba' });
    expect(ng.get(['launch_template', 0, 'id'])).toEqual({
      known: true, value: 'lt-013c36504aa7ae178',
      loc: { file: `${FIXTURES}/pulumi-eks-managed-nodegroups.stack.json`, pointer: '/deployment/resources/78/inputs/launchTemplate/id' },
    });
    expect(ng.get(['launch_template', 'name'])?.known).toBe(true); // merged from outputs
    expect(ng.get(['scaling_config', 'desired_size'])).toMatchObject({ value: 2 });
    expect(ng.get(['instance_types'])).toMatchObject({ value: ['t3.medium'] });
    expect(ng.displayPath).toBe('example-managed-ng3/example-managed-ng3');
    expect(ng.context).toEqual({ awsRegion: 'us-west-2', awsAccountId: '894850187425' });
  });

  it('links node roles by value and by property dependencies, and attachments to their role', () => {
    const ng = graph.byAddress(0, `${P}eks:index:ManagedNodeGroup$aws:eks/nodeGroup:NodeGroup::example-managed-ng3`)!;
    expect(ng.links(['node_role_arn'])).toEqual([{ address: `${P}aws:iam/role:Role::example-role2`, attribute: ['arn'], ambiguous: false }]);
    const [role] = graph.resolve(ng, ['node_role_arn'], ['aws.iam.role']);
    expect(role).toMatchObject({ via: 'value' });
    expect(role!.resource.address).toBe(`${P}aws:iam/role:Role::example-role2`);
    const policies = graph.referrers(role!.resource)
      .filter((r) => r.resource.kind === 'aws.iam.rolepolicyattachment')
      .map((r) => r.resource.get(['policy_arn'])?.known ? r.resource.attrs.policy_arn : undefined)
      .sort();
    expect(policies).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
    ]);
    const attachment = graph.referrers(role!.resource).find((r) => r.resource.kind === 'aws.iam.rolepolicyattachment')!;
    expect(attachment.link.attribute).toEqual(['name']);
  });

  it('keeps IAM documents as JSON strings and user maps untouched', () => {
    const role = graph.byAddress(0, `${P}aws:iam/role:Role::example-role0`)!;
    expect(JSON.parse(role.attrs.assume_role_policy as string).Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    const sg = graph.byAddress(0, `${P}eks:index:Cluster$aws:ec2/securityGroup:SecurityGroup::example-managed-nodegroups-eksClusterSecurityGroup`)!;
    expect(sg.attrs.tags).toEqual({ Name: 'example-managed-nodegroups-eksClusterSecurityGroup' });
    // Terraform semantics: a classic security group without egress rules has none.
    expect(sg.get(['egress'])).toMatchObject({ known: true, value: [] });
    expect(sg.attrs.vpc_id).toBe('vpc-04235983cf038db17');
  });
});

describe('pulumi engine events (real JSONL stream)', () => {
  const graph = load(`${FIXTURES}/pulumi-display-up.events.jsonl`);

  it('reads the last state of each URN', () => {
    expect(graph.all().map((r) => `${r.kind} ${r.action} ${r.address}`)).toEqual([
      'aws.iam.role no-op urn:pulumi:dev::eks::aws:iam/role:Role::eks-role',
      'aws.iam.rolepolicyattachment no-op urn:pulumi:dev::eks::aws:iam/rolePolicyAttachment:RolePolicyAttachment::eks-rpa-service-policy',
      'aws.iam.rolepolicyattachment no-op urn:pulumi:dev::eks::aws:iam/rolePolicyAttachment:RolePolicyAttachment::eks-rpa-cluster-policy',
      'aws.ec2.securitygroup no-op urn:pulumi:dev::eks::aws:ec2/securityGroup:SecurityGroup::eks-sg',
      'aws.eks.cluster no-op urn:pulumi:dev::eks::aws:eks/cluster:Cluster::eks-cluster',
    ]);
    const cluster = graph.ofKind('aws.eks.cluster')[0]!;
    expect(cluster.get(['vpc_config', 'security_group_ids'])).toMatchObject({ value: ['sg-0e760e824fba2d002'] });
    expect(cluster.get(['arn'])).toMatchObject({ value: 'arn:aws:eks:us-west-2:616138583583:cluster/eks-cluster-fb2cd6e' });
    expect(cluster.context.awsRegion).toBe('us-west-2');
    const sg = graph.ofKind('aws.ec2.securitygroup')[0]!;
    expect(sg.get(['egress', 0, 'cidr_blocks'])).toMatchObject({ value: ['0.0.0.0/0'] });
    // No property dependencies in events: the cluster reaches its role by ARN value.
    expect(graph.resolve(cluster, ['role_arn'], ['aws.iam.role']).map((r) => `${r.via} ${r.resource.address}`))
      .toEqual(['value urn:pulumi:dev::eks::aws:iam/role:Role::eks-role']);
  });

  it('names the line of a broken event', () => {
    const text = '{"sequence":1,"timestamp":1,"preludeEvent":{"config":{}}}\nnot json\n{"sequence":2,"timestamp":1,"summaryEvent":{}}\n';
    const source = { path: 'events.jsonl', text };
    expect(pulumiParser.accepts(source)).toBe(true);
    expect(() => pulumiParser.parse(source)).toThrow('events.jsonl: line 2 is not JSON');
  });
});

describe('pulumi preview --json', () => {
  it('reads newState of every step except deletes; unknowns, secrets and links', () => {
    const roleUrn = urnOf('aws:iam/role:Role', 'node');
    const graph = parseJson(digest([
      { op: 'create', type: 'pulumi:pulumi:Stack', name: 'p-dev' },
      { op: 'create', type: 'aws:iam/role:Role', name: 'node', inputs: { __defaults: ['name'], name: 'node-1', assumeRolePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, inlinePolicies: [{ name: 'ecr', policy: { Statement: [{ Effect: 'Allow', Action: 'ecr:*', Resource: U }] } }], tags: { 'team:Name': 'x', camelKey: 'y' } } },
      { op: 'create', type: 'aws:eks/nodeGroup:NodeGroup', name: 'ng', inputs: { nodeRoleArn: U, subnetIds: ['subnet-1', U], taints: [{ key: 'k', value: 'v', effect: 'NO_SCHEDULE' }], labels: { nodeRole: 'x' } }, deps: { nodeRoleArn: [roleUrn], subnetIds: [] } },
      { op: 'update', type: 'aws:ecr/repository:Repository', name: 'repo', id: 'repo', inputs: { name: 'repo', encryptionConfigurations: [{ encryptionType: 'KMS', kmsKey: '[secret]' }] }, outputs: { arn: 'arn:aws:ecr:eu-west-1:111111111111:repository/repo', repositoryUrl: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/repo' } },
      { op: 'replace', type: 'aws:iam/role:Role', name: 'old', id: 'old', inputs: { name: 'old' }, outputs: { arn: 'arn:aws:iam::111111111111:role/old' } },
      { op: 'delete', type: 'aws:iam/role:Role', name: 'gone' },
      { op: 'delete-replaced', type: 'aws:iam/role:Role', name: 'old' },
      { op: 'same', type: 'aws:eks/cluster:Cluster', name: 'c', id: 'c', inputs: { name: 'c', roleArn: 'arn:aws:iam::111111111111:role/c' }, outputs: { arn: 'arn:aws:eks:eu-west-1:111111111111:cluster/c', name: 'c' } },
    ], { 'aws:region': 'eu-west-1' }));
    expect(graph.all().map((r) => `${r.kind} ${r.action} ${r.address.split('::').pop()}`)).toEqual([
      'aws.iam.role create node',
      'aws.eks.nodegroup create ng',
      'aws.ecr.repository update repo',
      'aws.iam.role replace old',
      'aws.eks.cluster no-op c',
    ]);
    const role = graph.byAddress(0, roleUrn)!;
    expect(role.get(['arn'])).toMatchObject({ known: false, why: 'computed' });
    expect(JSON.parse(role.attrs.assume_role_policy as string).Statement[0].Principal.Service).toBe('ec2.amazonaws.com');
    // a document with an unknown inside is unknown as a whole
    expect(role.get(['inline_policy', 0, 'policy'])).toMatchObject({ known: false, why: 'computed' });
    expect(role.attrs.tags).toEqual({ 'team:Name': 'x', camelKey: 'y' });

    const ng = graph.byAddress(0, urnOf('aws:eks/nodeGroup:NodeGroup', 'ng'))!;
    expect(ng.get(['node_role_arn'])).toEqual({ known: false, why: 'computed', loc: { file: 'preview.json', pointer: '/steps/2/newState/inputs/nodeRoleArn' } });
    expect(ng.get(['subnet_ids', 1])).toMatchObject({ known: false, why: 'computed' });
    expect(ng.get(['subnet_ids', 0])).toMatchObject({ known: true, value: 'subnet-1' });
    expect(ng.get(['taint', 0, 'effect'])).toMatchObject({ value: 'NO_SCHEDULE' });
    expect(ng.attrs.labels).toEqual({ nodeRole: 'x' });
    expect(ng.context).toEqual({ awsRegion: 'eu-west-1' });
    expect(graph.resolve(ng, ['node_role_arn'], ['aws.iam.role']).map((r) => `${r.via} ${r.attribute.join('.')} ${r.resource.address}`))
      .toEqual([`reference arn ${roleUrn}`]);

    const repo = graph.ofKind('aws.ecr.repository')[0]!;
    expect(repo.get(['encryption_configuration', 0, 'kms_key'])).toMatchObject({ known: false, why: 'secret' });
    expect(repo.get(['repository_url'])).toMatchObject({ value: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/repo' });
    // a replaced resource gets new computed values: the old ARN is not kept
    const old = graph.byAddress(0, urnOf('aws:iam/role:Role', 'old'))!;
    expect(old.get(['arn'])).toMatchObject({ known: false });
  });

  it('translates a classic launch configuration; an autoscaling group reaches its node role through it', () => {
    const roleUrn = urnOf('aws:iam/role:Role', 'nodes');
    const profileUrn = urnOf('aws:iam/instanceProfile:InstanceProfile', 'nodes');
    const configurationUrn = urnOf('aws:ec2/launchConfiguration:LaunchConfiguration', 'nodes');
    const graph = parseJson(digest([
      { op: 'create', type: 'aws:iam/role:Role', name: 'nodes', inputs: { name: 'nodes' } },
      { op: 'create', type: 'aws:iam/instanceProfile:InstanceProfile', name: 'nodes', inputs: { role: U }, deps: { role: [roleUrn] } },
      {
        op: 'create', type: 'aws:ec2/launchConfiguration:LaunchConfiguration', name: 'nodes',
        inputs: { imageId: 'ami-1', instanceType: 't4g.large', iamInstanceProfile: U, securityGroups: ['sg-1'], associatePublicIpAddress: false },
        deps: { iamInstanceProfile: [profileUrn] },
      },
      {
        op: 'create', type: 'aws:autoscaling/group:Group', name: 'nodes',
        inputs: { launchConfiguration: U, vpcZoneIdentifiers: ['subnet-1'], minSize: 1, maxSize: 2, tags: [{ key: 'kubernetes.io/cluster/prod', value: 'owned', propagateAtLaunch: true }] },
        deps: { launchConfiguration: [configurationUrn] },
      },
    ]));
    const configuration = graph.byAddress(0, configurationUrn)!;
    expect(configuration.kind).toBe('aws.autoscaling.launchconfiguration');
    expect(configuration.attrs).toMatchObject({ instance_type: 't4g.large', security_groups: ['sg-1'], associate_public_ip_address: false });
    const [set, ...others] = nodeSets(graph);
    expect(others).toEqual([]);
    expect(set).toMatchObject({ type: 'self-managed', clusterName: 'prod', launchConfiguration: configuration, associatePublicIp: false, arch: 'arm64' });
    expect(set!.role).toMatchObject({ status: 'resolved', roles: [graph.byAddress(0, roleUrn)] });
  });

  it('expands a dependency on a component into its custom children, ambiguously', () => {
    const component = urnOf('eks:index:ServiceRole', 'instanceRole');
    const graph = parseJson(digest([
      { op: 'create', type: 'eks:index:ServiceRole', name: 'instanceRole' },
      { op: 'create', type: 'urn:pulumi:dev::p::eks:index:ServiceRole$aws:iam/role:Role::instanceRole-role', name: '', inputs: { name: 'r' }, parent: component },
      { op: 'create', type: 'aws:iam/instanceProfile:InstanceProfile', name: 'ip', inputs: { role: U }, deps: { role: [component] } },
    ]));
    const profile = graph.ofKind('aws.iam.instanceprofile')[0]!;
    expect(profile.links(['role'])).toEqual([{ address: 'urn:pulumi:dev::p::eks:index:ServiceRole$aws:iam/role:Role::instanceRole-role', attribute: ['name'], ambiguous: true }]);
    expect(graph.ofKind('aws.iam.role')[0]!.displayPath).toBe('instanceRole/instanceRole-role');
  });

  it('reads secret envelopes of exports as sensitive values, ciphertext as unknown', () => {
    const graph = parseJson({
      version: 3,
      deployment: {
        manifest: { time: '', magic: '', version: 'v3.130.0' },
        resources: [
          { urn: urnOf('azure:containerservice/kubernetesCluster:KubernetesCluster', 'aks'), custom: true, id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks', type: 'azure:containerservice/kubernetesCluster:KubernetesCluster',
            inputs: { name: 'aks', identity: { type: 'SystemAssigned' }, servicePrincipal: null, defaultNodePool: { name: 'system', vmSize: 'Standard_D2s_v5', nodeLabels: { 'kubernetes.azure.com/mode': 'system' } } },
            outputs: { kubeletIdentities: [{ objectId: '11111111-1111-1111-1111-111111111111', clientId: 'c', userAssignedIdentityId: '/x' }], kubeConfigRaw: { ...SECRET_SIG, ciphertext: 'AAAA' }, kubeAdminPassword: { ...SECRET_SIG, plaintext: '"hunter2"' } } },
        ],
      },
    }, 'stack.json');
    const aks = graph.ofKind('azure.aks.cluster')[0]!;
    expect(aks.get(['kubelet_identity', 0, 'object_id'])).toMatchObject({ known: true, value: '11111111-1111-1111-1111-111111111111' });
    expect(aks.get(['default_node_pool', 'node_labels'])).toMatchObject({ value: { 'kubernetes.azure.com/mode': 'system' } });
    expect(aks.get(['kube_config_raw'])).toMatchObject({ known: false, why: 'secret' });
    expect(aks.get(['kube_admin_password'])).toMatchObject({ known: true, value: 'hunter2' });
    expect(aks.isSensitive(['kube_admin_password'])).toBe(true);
    expect(aks.isSensitive(['name'])).toBe(false);
  });

  it('refuses an unsupported export version with a one-line error', () => {
    const json = { version: 1, deployment: { manifest: {}, resources: [] } };
    expect(() => pulumiParser.parse({ path: 'old.json', json })).toThrow('old.json: unsupported stack export version 1');
  });
});

describe('azure-native translators', () => {
  const AKS = urnOf('azure-native:containerservice:ManagedCluster', 'aks');
  const ACR = urnOf('azure-native:containerregistry:Registry', 'acr');
  const PE = urnOf('azure-native:network:PrivateEndpoint', 'pe');
  const ZONE = urnOf('azure-native:privatedns:PrivateZone', 'zone');
  const SUBNET = urnOf('azure-native:network:Subnet', 'nodes');
  const NSG = urnOf('azure-native:network:NetworkSecurityGroup', 'nsg');
  const graph = parseJson(digest([
    { op: 'same', type: 'azure-native:containerservice:ManagedCluster', name: 'aks', id: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/aks',
      inputs: { resourceName: 'aks', resourceGroupName: 'rg', identity: { type: 'SystemAssigned' }, agentPoolProfiles: [{ name: 'win', mode: 'User', osType: 'Windows', vmSize: 'Standard_D4s_v5' }, { name: 'system', mode: 'System', osType: 'Linux', vnetSubnetID: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nodes' }],
        networkProfile: { outboundType: 'loadBalancer', loadBalancerProfile: { outboundIPs: { publicIPs: [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/egress' }] } } } },
      outputs: { identity: { type: 'SystemAssigned', principalId: 'cp-principal' }, identityProfile: { kubeletidentity: { clientId: 'kc', objectId: 'kubelet-object', resourceId: '/subscriptions/s/resourcegroups/mc/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-agentpool' } } } },
    { op: 'create', type: 'azure-native:containerregistry:Registry', name: 'acr', inputs: { registryName: 'myacr', resourceGroupName: 'rg', sku: { name: 'Premium' }, publicNetworkAccess: 'Disabled', networkRuleSet: { defaultAction: 'Deny', ipRules: [{ action: 'Allow', iPAddressOrRange: '203.0.113.0/24' }] }, roleAssignmentMode: 'AbacRepositoryPermissions' } },
    { op: 'create', type: 'azure-native:authorization:RoleAssignment', name: 'pull', inputs: { principalId: U, roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d', scope: U }, deps: { principalId: [AKS], scope: [ACR] } },
    { op: 'create', type: 'azure-native:network:PrivateEndpoint', name: 'pe', inputs: { privateEndpointName: 'pe-acr', resourceGroupName: 'rg', subnet: { id: U }, privateLinkServiceConnections: [{ name: 'acr', privateLinkServiceId: U, groupIds: ['registry'] }] }, deps: { subnet: [SUBNET], privateLinkServiceConnections: [ACR] } },
    { op: 'create', type: 'azure-native:network:PrivateDnsZoneGroup', name: 'zg', inputs: { privateDnsZoneGroupName: 'default', privateEndpointName: 'pe-acr', resourceGroupName: 'rg', privateDnsZoneConfigs: [{ name: 'acr', privateDnsZoneId: U }] }, deps: { privateEndpointName: [PE], privateDnsZoneConfigs: [ZONE] } },
    { op: 'create', type: 'azure-native:privatedns:PrivateZone', name: 'zone', inputs: { privateZoneName: 'privatelink.azurecr.io', resourceGroupName: 'rg', location: 'Global' } },
    { op: 'create', type: 'azure-native:network:VirtualNetworkLink', name: 'link', inputs: { privateZoneName: 'privatelink.azurecr.io', resourceGroupName: 'rg', virtualNetwork: { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub' } } },
    { op: 'create', type: 'azure-native:network:Subnet', name: 'nodes', inputs: { subnetName: 'nodes', virtualNetworkName: 'v', resourceGroupName: 'rg', addressPrefix: '10.0.0.0/24', networkSecurityGroup: { id: U } }, deps: { networkSecurityGroup: [NSG] } },
    { op: 'create', type: 'azure-native:network:NetworkSecurityGroup', name: 'nsg', inputs: { networkSecurityGroupName: 'nsg', resourceGroupName: 'rg', securityRules: [{ name: 'deny-internet', priority: 100, direction: 'Outbound', access: 'Deny', protocol: 'Tcp', destinationPortRange: '443', destinationAddressPrefix: 'Internet' }] } },
    { op: 'create', type: 'azure-native:managedidentity:UserAssignedIdentity', name: 'uai', inputs: { resourceName: 'kubelet', resourceGroupName: 'rg' } },
    { op: 'create', type: 'kubernetes:apps/v1:Deployment', name: 'web', inputs: { metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'web', image: 'myacr.azurecr.io/web:1.0' }], nodeSelector: { 'kubernetes.io/os': 'linux' } } } } } },
  ], { 'azure-native:subscriptionId': '00000000-0000-0000-0000-000000000000' }));

  it('maps ManagedCluster to azurerm_kubernetes_cluster with a node pool per extra agent pool', () => {
    const aks = graph.byAddress(0, AKS)!;
    expect(aks.kind).toBe('azure.aks.cluster');
    expect(aks.get(['kubelet_identity', 0, 'object_id'])).toMatchObject({ known: true, value: 'kubelet-object', loc: { pointer: '/steps/0/newState/outputs/identityProfile/kubeletidentity/objectId' } });
    expect(aks.get(['kubelet_identity', 'user_assigned_identity_id'])?.known).toBe(true);
    expect(aks.get(['identity', 0, 'principal_id'])).toMatchObject({ value: 'cp-principal' });
    expect(aks.get(['identity', 'type'])).toMatchObject({ value: 'SystemAssigned' });
    expect(aks.get(['default_node_pool', 0, 'name'])).toMatchObject({ value: 'system' });
    expect(aks.get(['default_node_pool', 'vnet_subnet_id'])?.known).toBe(true);
    expect(aks.get(['network_profile', 0, 'outbound_type'])).toMatchObject({ value: 'loadBalancer' });
    expect(aks.get(['network_profile', 'load_balancer_profile', 'outbound_ip_address_ids'])).toMatchObject({ value: ['/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/egress'] });
    expect(aks.context).toEqual({ azureSubscriptionId: '00000000-0000-0000-0000-000000000000' });
    const pool = graph.byAddress(0, `${AKS}#agentPool/win`)!;
    expect(pool.kind).toBe('azure.aks.nodepool');
    expect(pool.attrs).toMatchObject({ name: 'win', os_type: 'Windows', kubernetes_cluster_id: aks.attrs.id });
  });

  it('maps Registry and RoleAssignment, inferring the id attribute of the scope link', () => {
    const acr = graph.byAddress(0, ACR)!;
    expect(acr.attrs).toMatchObject({
      name: 'myacr', sku: 'Premium', public_network_access_enabled: false, admin_enabled: false, anonymous_pull_enabled: false,
      network_rule_set: [{ default_action: 'Deny', ip_rule: [{ action: 'Allow', ip_range: '203.0.113.0/24' }] }],
      role_assignment_mode: 'AbacRepositoryPermissions',
    });
    expect(acr.get(['login_server'])).toMatchObject({ known: false, why: 'computed' });
    expect(acr.get(['id'])).toMatchObject({ known: false });
    const ra = graph.ofKind('azure.authorization.roleassignment')[0]!;
    expect(ra.get(['principal_id'])).toMatchObject({ known: false, why: 'computed' });
    expect(ra.links(['scope'])).toEqual([{ address: ACR, attribute: ['id'], ambiguous: false }]);
    expect(ra.links(['principal_id'])).toEqual([{ address: AKS, attribute: [], ambiguous: false }]);
    expect(ra.attrs.role_definition_id).toMatch(/7f951dda-4ed3-4680-a7ca-43fe172d538d$/);
  });

  it('folds the private DNS zone group into its endpoint; reads v3 private DNS tokens and v2 links', () => {
    const pe = graph.byAddress(0, PE)!;
    expect(pe.get(['private_service_connection', 0, 'subresource_names'])).toMatchObject({ value: ['registry'] });
    expect(pe.get(['private_service_connection', 'is_manual_connection'])).toMatchObject({ value: false });
    expect(pe.get(['private_dns_zone_group', 0, 'private_dns_zone_ids', 0])).toMatchObject({ known: false });
    expect(pe.links(['private_dns_zone_group', 0, 'private_dns_zone_ids'])).toEqual([{ address: ZONE, attribute: ['id'], ambiguous: false }]);
    expect(graph.resolve(pe, ['private_service_connection', 'private_connection_resource_id'], ['azure.acr.registry'])[0]?.resource.address).toBe(ACR);
    expect(graph.resolve(pe, ['subnet_id'], ['azure.network.subnet'])[0]?.resource.address).toBe(SUBNET);
    expect(graph.byAddress(0, ZONE)!.attrs).toMatchObject({ name: 'privatelink.azurecr.io' });
    const link = graph.ofKind('azure.privatedns.vnetlink')[0]!;
    expect(link.attrs).toMatchObject({ private_dns_zone_name: 'privatelink.azurecr.io', virtual_network_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub', registration_enabled: false });
  });

  it('emits azurerm association resources for subnets; NSG rules become security_rule blocks', () => {
    const assoc = graph.byAddress(0, `${SUBNET}#network-security-group-association`)!;
    expect(assoc.kind).toBe('azure.network.subnetnsgassociation');
    expect(graph.resolve(assoc, ['network_security_group_id'], ['azure.network.nsg'])[0]?.resource.address).toBe(NSG);
    expect(graph.resolve(assoc, ['subnet_id'], ['azure.network.subnet'])[0]?.resource.address).toBe(SUBNET);
    expect(graph.byAddress(0, SUBNET)!.attrs.address_prefixes).toEqual(['10.0.0.0/24']);
    expect(graph.byAddress(0, NSG)!.attrs.security_rule).toEqual([{ name: 'deny-internet', priority: 100, direction: 'Outbound', access: 'Deny', protocol: 'Tcp', destination_port_range: '443', destination_address_prefix: 'Internet' }]);
    const uai = graph.ofKind('azure.identity.userassigned')[0]!;
    expect(uai.get(['principal_id'])).toMatchObject({ known: false });
  });

  it('keeps Kubernetes objects in the API shape', () => {
    const web = graph.ofKind('k8s.workload')[0]!;
    expect(web.attrs).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(web.get(['spec', 'template', 'spec', 'containers', 0, 'image'])).toMatchObject({ value: 'myacr.azurecr.io/web:1.0' });
    expect(web.get(['spec', 'template', 'spec', 'nodeSelector'])).toMatchObject({ value: { 'kubernetes.io/os': 'linux' } });
  });
});

describe('rules on the real stack export', () => {
  const ids = new Set<string>(rules.map((r) => r.meta.id));
  // Node roles carry AmazonEC2ContainerRegistryReadOnly through RolePolicyAttachments: no PF-AWS-001.
  it.runIf(ids.has('PF-AWS-001'))('finds no node role without ECR pull permissions', () => {
    const result = lint([`${FIXTURES}/pulumi-eks-managed-nodegroups.stack.json`]);
    expect(result.findings.filter((f) => f.ruleId === 'PF-AWS-001')).toEqual([]);
  });
});
