import { beforeAll, describe, expect, it } from 'vitest';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Stack, Stage } from 'aws-cdk-lib';
import { buildGraph } from '../../../src/engine/lint.js';
import type { ResourceGraph } from '../../../src/graph/graph.js';
import type { Resource } from '../../../src/graph/resource.js';
import { cloudFormationParser } from '../../../src/inputs/cloudformation/parse.js';
import { ENV, defaultClusterApp, newApp, privateClusterApp } from '../../cdk/apps.js';
import type { Value } from '../../../src/graph/model.js';

/** The value of a known attribute, `undefined` otherwise. */
function value(v: Value<unknown> | undefined): unknown {
  return v?.known ? v.value : undefined;
}

/** Graph of a cloud assembly folder, read like `pullfix lint cdk.out`. */
function graphOfAssembly(dir: string): { graph: ResourceGraph; files: readonly string[] } {
  expect(cloudFormationParser.acceptsDirectory!(dir)).toBe(true);
  const parsed = cloudFormationParser.parseDirectory!(dir);
  return { graph: buildGraph([{ path: dir, parsed }]), files: parsed.files ?? [] };
}

function one(graph: ResourceGraph, kind: Parameters<ResourceGraph['ofKind']>[0], path?: string): Resource {
  const found = graph.ofKind(kind).filter((r) => path === undefined || r.displayPath === path);
  expect(found.map((r) => r.address)).toHaveLength(1);
  return found[0]!;
}

function targets(graph: ResourceGraph, resource: Resource, path: (string | number)[]): string[] {
  return graph.resolve(resource, path).map((r) => `${r.resource.displayPath ?? r.resource.address} ${r.attribute.join('.')}`);
}

describe('cloud assembly of a default eks.Cluster with addNodegroupCapacity', () => {
  let graph: ResourceGraph;
  let files: readonly string[];
  let outdir: string;
  beforeAll(() => {
    const built = defaultClusterApp();
    built.app.synth();
    outdir = built.outdir;
    ({ graph, files } = graphOfAssembly(outdir));
  });

  it('reads the stack and both nested stacks (asset manifest lookup, no aws:asset:path metadata)', () => {
    const names = files.map((f) => f.slice(outdir.length + 1));
    expect(names).toHaveLength(3);
    expect(names[0]).toBe('DefaultEks.template.json');
    expect(names[1]).toMatch(/^DefaultEksawscdkawseksClusterResourceProvider[0-9A-F]{8}\.nested\.template\.json$/);
    expect(names[2]).toMatch(/^DefaultEksawscdkawseksKubectlProvider[0-9A-F]{8}\.nested\.template\.json$/);
  });

  it('translates the custom cluster, the node group, its role and the managed policy ARNs', () => {
    const cluster = one(graph, 'aws.eks.cluster');
    expect(cluster.nativeType).toBe('Custom::AWSCDK-EKS-Cluster');
    expect(cluster.displayPath).toBe('DefaultEks/Cluster/Resource/Resource/Default');
    expect(value(cluster.get(['version']))).toBe('1.31');
    expect(cluster.context).toEqual({ awsRegion: ENV.region, awsAccountId: ENV.account });
    expect(targets(graph, cluster, ['role_arn'])).toEqual(['DefaultEks/Cluster/Role/Resource arn']);
    expect(graph.resolve(cluster, ['vpc_config', 'subnet_ids'])).toHaveLength(6);

    const group = one(graph, 'aws.eks.nodegroup');
    expect(group.address).toMatch(/^DefaultEks\/ClusterNodegroupWorkers[0-9A-F]{8}$/);
    expect(group.displayPath).toBe('DefaultEks/Cluster/NodegroupWorkers/Resource');
    expect(group.loc.file).toBe(`${outdir}/DefaultEks.template.json`);
    expect(group.locOf(['node_role_arn']).pointer).toBe(`/Resources/${group.address.split('/')[1]}/Properties/NodeRole`);
    expect(value(group.get(['ami_type']))).toBe('AL2_x86_64');
    expect(value(group.get(['instance_types']))).toEqual(['m5.large']);
    expect(targets(graph, group, ['cluster_name'])).toEqual(['DefaultEks/Cluster/Resource/Resource/Default name']);
    expect(targets(graph, group, ['subnet_ids']).map((t) => t.replace(/\d/, 'N'))).toEqual([
      'DefaultEks/Cluster/DefaultVpc/PrivateSubnetN/Subnet id',
      'DefaultEks/Cluster/DefaultVpc/PrivateSubnetN/Subnet id',
      'DefaultEks/Cluster/DefaultVpc/PrivateSubnetN/Subnet id',
    ]);
    const [role] = graph.resolve(group, ['node_role_arn']);
    expect(role?.attribute).toEqual(['arn']);
    expect(role?.resource.kind).toBe('aws.iam.role');
    expect(value(role?.resource.get(['managed_policy_arns']))).toEqual([
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
    ]);
    expect(role?.resource.get(['arn'])).toMatchObject({ known: false, why: 'computed' });
  });

  it('reads the default VPC: public subnets, NAT routes, internet gateway attachment', () => {
    const subnets = graph.ofKind('aws.ec2.subnet');
    expect(subnets.map((s) => value(s.get(['map_public_ip_on_launch']))).sort()).toEqual([false, false, false, true, true, true]);
    const vpc = one(graph, 'aws.ec2.vpc');
    expect(value(vpc.get(['enable_dns_hostnames']))).toBe(true);
    expect(value(vpc.get(['enable_dns_support']))).toBe(true);
    const natRoutes = graph.ofKind('aws.ec2.route').filter((r) => r.links(['nat_gateway_id']).length > 0);
    expect(natRoutes).toHaveLength(3);
    expect(natRoutes.every((r) => value(r.get(['destination_cidr_block'])) === '0.0.0.0/0')).toBe(true);
    const igw = one(graph, 'aws.ec2.internetgateway');
    const attachment = one(graph, 'aws.ec2.internetgatewayattachment');
    expect(graph.resolve(attachment, ['internet_gateway_id'])[0]?.resource).toBe(igw);
    expect(targets(graph, igw, ['vpc_id'])).toEqual(['DefaultEks/Cluster/DefaultVpc/Resource id']);
    const nat = graph.ofKind('aws.ec2.natgateway')[0]!;
    expect(value(nat.get(['connectivity_type']))).toBe('public');
    expect(graph.resolve(nat, ['allocation_id'])[0]?.attribute).toEqual(['allocation_id']);
  });

  it('keeps the explicit allow-all egress CDK writes and the control-plane security group', () => {
    const sg = one(graph, 'aws.ec2.securitygroup');
    expect(value(sg.get(['egress']))).toEqual([{
      protocol: '-1', from_port: 0, to_port: 0, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [],
      security_groups: [], self: false, description: 'Allow all outbound traffic by default',
    }]);
  });

  it('turns IAM::Policy resources into role policies and the aws-auth manifest into a ConfigMap', () => {
    const policies = graph.ofKind('aws.iam.rolepolicy').filter((p) => p.displayPath?.startsWith('DefaultEks/Cluster/'));
    expect(policies.length).toBeGreaterThan(0);
    for (const p of policies) expect(graph.resolve(p, ['role']).map((r) => r.attribute.join('.'))).toEqual(['name']);
    const awsAuth = graph.ofKind('k8s.manifest').find((m) => m.address.endsWith('/kube-system/ConfigMap/aws-auth'))!;
    expect(awsAuth.get(['data', 'mapRoles'])).toMatchObject({ known: false });
    expect(awsAuth.links(['data', 'mapRoles']).map((l) => l.attribute)).toEqual([['arn']]);
  });

  it('addresses resources of nested stacks under the nested stack resource', () => {
    const nested = graph.all().filter((r) => r.address.split('/').length === 3 && r.kind === 'aws.iam.role');
    expect(nested.length).toBeGreaterThan(0);
    for (const r of nested) {
      expect(r.address).toMatch(/^DefaultEks\/awscdkawseks(ClusterResource|Kubectl)ProviderNestedStack[^/]+\/[A-Za-z0-9]+$/);
      expect(r.displayPath).toMatch(/^DefaultEks\/@aws-cdk--aws-eks\.(ClusterResource|Kubectl)Provider\//);
      expect(r.loc.file).toMatch(/\.nested\.template\.json$/);
    }
  });
});

describe('cloud assembly of a private cluster', () => {
  let graph: ResourceGraph;
  beforeAll(() => {
    const built = privateClusterApp({
      setup: (stack, { nodeRole, repository }) => {
        const key = new kms.Key(stack, 'Key', { enabled: false });
        new iam.ManagedPolicy(stack, 'Extra', {
          roles: [nodeRole],
          statements: [new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], resources: [repository.repositoryArn] })],
        });
        const acl = new ec2.CfnNetworkAcl(stack, 'Acl', { vpcId: 'vpc-123' });
        new ec2.CfnNetworkAclEntry(stack, 'AclOut', {
          networkAclId: acl.ref, ruleNumber: 100, protocol: 6, ruleAction: 'allow', egress: true, cidrBlock: '0.0.0.0/0', portRange: { from: 443, to: 443 },
        });
        new ec2.CfnSecurityGroup(stack, 'Bare', { groupDescription: 'no egress given', vpcId: 'vpc-123' });
        void key;
      },
    });
    built.app.synth();
    ({ graph } = graphOfAssembly(built.outdir));
  });

  it('reads interface endpoints with private DNS, their security groups and the S3 gateway endpoint', () => {
    const endpoints = graph.ofKind('aws.ec2.vpcendpoint');
    const byService = Object.fromEntries(endpoints.map((e) => [value(e.get(['service_name'])), e]));
    expect(Object.keys(byService).sort()).toEqual([
      'com.amazonaws.eu-west-1.ec2', 'com.amazonaws.eu-west-1.ecr.api', 'com.amazonaws.eu-west-1.ecr.dkr',
      'com.amazonaws.eu-west-1.s3', 'com.amazonaws.eu-west-1.sts',
    ]);
    const dkr = byService['com.amazonaws.eu-west-1.ecr.dkr']!;
    expect(value(dkr.get(['vpc_endpoint_type']))).toBe('Interface');
    expect(value(dkr.get(['private_dns_enabled']))).toBe(true);
    expect(graph.resolve(dkr, ['subnet_ids'])).toHaveLength(2);
    const [sg] = graph.resolve(dkr, ['security_group_ids']);
    // CDK opens interface endpoints to the VPC CIDR: Fn::GetAtt [Vpc, CidrBlock] is read back.
    expect(value(sg?.resource.get(['ingress']))).toEqual([{
      protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'], ipv6_cidr_blocks: [], prefix_list_ids: [],
      security_groups: [], self: false, description: 'from 10.0.0.0/16:443',
    }]);
    const s3 = byService['com.amazonaws.eu-west-1.s3']!;
    expect(value(s3.get(['vpc_endpoint_type']))).toBe('Gateway');
    expect(graph.resolve(s3, ['route_table_ids'])).toHaveLength(2);
    expect(graph.ofKind('aws.ec2.subnet').every((s) => value(s.get(['map_public_ip_on_launch'])) === false)).toBe(true);
    expect(graph.ofKind('aws.ec2.natgateway', 'aws.ec2.internetgateway')).toEqual([]);
  });

  it('splits the repository policy out and links it to the repository; names decide ARNs', () => {
    const repo = one(graph, 'aws.ecr.repository');
    expect(value(repo.get(['name']))).toBe('team/app');
    expect(value(repo.get(['arn']))).toBe('arn:aws:ecr:eu-west-1:111122223333:repository/team/app');
    const policy = one(graph, 'aws.ecr.repositorypolicy');
    expect(policy.address).toBe(`${repo.address}/RepositoryPolicyText`);
    expect(value(policy.get(['repository']))).toBe('team/app');
    expect(graph.resolve(policy, ['repository'])[0]?.resource).toBe(repo);
    expect(policy.get(['policy'])).toMatchObject({ known: false, why: 'computed' });
    expect(targets(graph, policy, ['policy'])).toEqual(['PrivateEks/NodeRole/Resource arn']);
  });

  it('turns a managed policy with Roles into a policy and an attachment', () => {
    const policy = graph.ofKind('aws.iam.policy').find((p) => p.displayPath === 'PrivateEks/Extra/Resource')!;
    const attachment = graph.ofKind('aws.iam.rolepolicyattachment').find((a) => a.address.startsWith(`${policy.address}/Roles/`))!;
    expect(attachment.address).toBe(`${policy.address}/Roles/0`);
    expect(targets(graph, attachment, ['role'])).toEqual(['PrivateEks/NodeRole/Resource name']);
    expect(graph.resolve(attachment, ['policy_arn'])[0]?.resource).toBe(policy);
    expect(JSON.parse(value(policy.get(['policy'])) as string).Statement[0].Resource).toBe('arn:aws:ecr:eu-west-1:111122223333:repository/team/app');
  });

  it('reads KMS keys, network ACL entries and the default egress of a bare security group', () => {
    expect(value(one(graph, 'aws.kms.key').get(['is_enabled']))).toBe(false);
    const entry = one(graph, 'aws.ec2.networkaclrule');
    expect(entry.attrs).toMatchObject({ rule_number: 100, egress: true, protocol: '6', rule_action: 'allow', from_port: 443, to_port: 443, cidr_block: '0.0.0.0/0' });
    expect(graph.resolve(entry, ['network_acl_id'])[0]?.resource.kind).toBe('aws.ec2.networkacl');
    const bare = one(graph, 'aws.ec2.securitygroup', 'PrivateEks/Bare');
    expect(value(bare.get(['egress', 0, 'cidr_blocks']))).toEqual(['0.0.0.0/0']);
    expect(value(bare.get(['egress', 0, 'protocol']))).toBe('-1');
  });

  it('reads the Fargate profile and the cluster endpoint settings', () => {
    const profile = one(graph, 'aws.eks.fargateprofile');
    expect(profile.nativeType).toBe('Custom::AWSCDK-EKS-FargateProfile');
    expect(value(profile.get(['selector']))).toEqual([{ namespace: 'batch' }]);
    expect(targets(graph, profile, ['pod_execution_role_arn'])).toEqual(['PrivateEks/PodExecutionRole/Resource arn']);
    // CDK writes no subnets when the profile does not select any: EKS then uses the cluster's private subnets.
    expect(profile.get(['subnet_ids'])).toBeUndefined();
    const cluster = one(graph, 'aws.eks.cluster');
    expect(value(cluster.get(['vpc_config', 'endpoint_public_access']))).toBe(false);
    expect(value(cluster.get(['vpc_config', 'endpoint_private_access']))).toBe(true);
  });
});

describe('Stage sub-assemblies', () => {
  it('reads stacks of nested cloud assemblies with their construct paths as address prefix', () => {
    const { app, outdir } = newApp();
    const stage = new Stage(app, 'Beta', { env: ENV });
    const stack = new Stack(stage, 'Registry');
    new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'), roleName: 'beta-nodes' });
    app.synth();
    const { graph } = graphOfAssembly(outdir);
    const role = one(graph, 'aws.iam.role');
    expect(role.address).toMatch(/^Beta\/Registry\/Role[0-9A-F]{8}$/);
    expect(role.displayPath).toBe('Beta/Registry/Role/Resource');
    expect(value(role.get(['arn']))).toBe('arn:aws:iam::111122223333:role/beta-nodes');
    expect(role.loc.file).toMatch(/assembly-Beta\/BetaRegistry[0-9A-F]*\.template\.json$/);
  });
});
