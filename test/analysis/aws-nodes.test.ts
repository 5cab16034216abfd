import { describe, expect, it } from 'vitest';
import { nodeSets, type NodeSet } from '../../src/analysis/aws-nodes.js';
import { buildGraph } from '../../src/engine/lint.js';
import { loadInputs } from '../../src/engine/load.js';
import type { Link } from '../../src/graph/model.js';
import { graphOf, ref, res } from '../helpers/graph.js';

function summary(set: NodeSet): Record<string, unknown> {
  return {
    address: set.resource.address,
    type: set.type,
    cluster: set.cluster?.address,
    clusterName: set.clusterName,
    role: set.role.status === 'resolved' ? set.role.roles.map((r) => r.address)
      : set.role.status === 'external' ? `external:${set.role.arn}` : `unknown:${set.role.why}`,
    subnets: set.subnets.status === 'resolved' ? set.subnets.resources.map((r) => r.address) : set.subnets.status,
    sgs: set.securityGroups.source === 'explicit'
      ? (set.securityGroups.groups.status === 'resolved' ? set.securityGroups.groups.resources.map((r) => r.address) : set.securityGroups.groups.status)
      : set.securityGroups.source,
    os: set.os,
    arch: set.arch,
  };
}

const cluster = res('aws_eks_cluster.main', {
  name: 'prod', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/prod', vpc_config: [{ subnet_ids: ['subnet-a'] }],
});
const subnetA = res('aws_subnet.a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24' });
const subnetB = res('aws_subnet.b', { vpc_id: 'vpc-1', cidr_block: '10.0.2.0/24' }, { unknown: { id: true } });
const nodeRole = res('aws_iam_role.node', { name: 'node' }, { unknown: { arn: true } });

describe('nodeSets', () => {
  it('finds a managed node group with its role, subnets, cluster and the cluster security group', () => {
    const graph = graphOf([
      cluster, subnetA, subnetB, nodeRole,
      res('aws_eks_node_group.ng', { cluster_name: 'prod', ami_type: 'AL2023_ARM_64_STANDARD', instance_types: ['m7g.large'] }, {
        unknown: { node_role_arn: true, subnet_ids: true },
        links: { node_role_arn: [ref('aws_iam_role.node', 'arn')], subnet_ids: [ref('aws_subnet.a', 'id'), ref('aws_subnet.b', 'id')] },
      }),
    ]);
    expect(nodeSets(graph).map(summary)).toEqual([{
      address: 'aws_eks_node_group.ng', type: 'managed', cluster: 'aws_eks_cluster.main', clusterName: 'prod',
      role: ['aws_iam_role.node'], subnets: ['aws_subnet.a', 'aws_subnet.b'], sgs: 'cluster', os: 'linux', arch: 'arm64',
    }]);
    expect(nodeSets(graph)).toBe(nodeSets(graph));
  });

  it('takes the launch template security groups of a managed node group and reads Windows AMI types', () => {
    const graph = graphOf([
      cluster, subnetA,
      res('aws_security_group.nodes', { id: 'sg-1' }),
      res('aws_launch_template.lt', { id: 'lt-1', vpc_security_group_ids: ['sg-1'] }),
      res('aws_eks_node_group.win', {
        cluster_name: 'prod', node_role_arn: 'arn:aws:iam::111122223333:role/outside', subnet_ids: ['subnet-a'],
        ami_type: 'WINDOWS_CORE_2022_x86_64', launch_template: [{ id: 'lt-1', version: '1' }],
      }),
    ]);
    const [set] = nodeSets(graph);
    expect(summary(set!)).toMatchObject({
      role: 'external:arn:aws:iam::111122223333:role/outside', sgs: ['aws_security_group.nodes'], os: 'windows', arch: 'x86_64',
    });
    expect(set!.launchTemplate?.address).toBe('aws_launch_template.lt');
  });

  it('follows a self-managed autoscaling group through launch template and instance profile to the role', () => {
    const graph = graphOf([
      cluster, subnetA,
      res('aws_iam_role.self', { name: 'self-nodes', arn: 'arn:aws:iam::111122223333:role/self-nodes' }),
      res('aws_iam_instance_profile.self', { name: 'self-nodes', role: 'self-nodes' }, { unknown: { arn: true } }),
      res('aws_launch_template.self', {
        name: 'self', iam_instance_profile: [{}], network_interfaces: [{ associate_public_ip_address: 'true', security_groups: ['sg-x'] }],
      }, { unknown: { id: true, iam_instance_profile: [{ arn: true }] }, links: { 'iam_instance_profile.arn': [ref('aws_iam_instance_profile.self', 'arn')] } }),
      res('aws_autoscaling_group.self', {
        vpc_zone_identifier: ['subnet-a'], tag: [{ key: 'kubernetes.io/cluster/prod', value: 'owned' }],
        mixed_instances_policy: [{ launch_template: [{ launch_template_specification: [{ launch_template_name: 'self' }] }] }],
      }),
      res('aws_autoscaling_group.bastion', { vpc_zone_identifier: ['subnet-a'], launch_template: [{ name: 'self' }] }),
    ]);
    const sets = nodeSets(graph);
    expect(sets.map(summary)).toEqual([{
      address: 'aws_autoscaling_group.self', type: 'self-managed', cluster: 'aws_eks_cluster.main', clusterName: 'prod',
      role: ['aws_iam_role.self'], subnets: ['aws_subnet.a'], sgs: 'external', os: 'linux', arch: undefined,
    }]);
    expect(sets[0]!.associatePublicIp).toBe(true);
    expect(sets[0]!.networkInterfaceCount).toBe(1);
  });

  it('recognises self-managed nodes by the worker node policy on their role', () => {
    const graph = graphOf([
      res('aws_iam_role.self', { name: 'self-nodes' }),
      res('aws_iam_role_policy_attachment.worker', { policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }, {
        links: { role: [ref('aws_iam_role.self', 'name')] },
      }),
      res('aws_iam_instance_profile.self', { name: 'p', role: 'self-nodes' }),
      res('aws_launch_template.self', { id: 'lt-9', iam_instance_profile: [{ name: 'p' }] }),
      res('aws_autoscaling_group.self', { launch_template: [{ id: 'lt-9' }] }, { unknown: { vpc_zone_identifier: true } }),
    ]);
    expect(nodeSets(graph).map(summary)).toEqual([{
      address: 'aws_autoscaling_group.self', type: 'self-managed', cluster: undefined, clusterName: undefined,
      role: ['aws_iam_role.self'], subnets: 'unknown', sgs: 'vpc-default', os: 'linux', arch: undefined,
    }]);
  });

  it('finds Auto Mode clusters and Fargate profiles', () => {
    const graph = graphOf([
      subnetA, nodeRole,
      res('aws_eks_cluster.auto', { name: 'auto', compute_config: [{ enabled: true }], vpc_config: [{ subnet_ids: ['subnet-a'] }] }, {
        unknown: { compute_config: [{ node_role_arn: true }] }, links: { 'compute_config.node_role_arn': [ref('aws_iam_role.node', 'arn')] },
      }),
      res('aws_eks_cluster.classic', { name: 'classic', compute_config: [{ enabled: false }] }),
      res('aws_eks_fargate_profile.fp', { cluster_name: 'auto', subnet_ids: ['subnet-a'] }, { unknown: { pod_execution_role_arn: true } }),
    ]);
    expect(nodeSets(graph).map(summary)).toEqual([
      { address: 'aws_eks_cluster.auto', type: 'auto-mode', cluster: 'aws_eks_cluster.auto', clusterName: 'auto',
        role: ['aws_iam_role.node'], subnets: ['aws_subnet.a'], sgs: 'cluster', os: 'linux', arch: undefined },
      { address: 'aws_eks_fargate_profile.fp', type: 'fargate', cluster: 'aws_eks_cluster.auto', clusterName: 'auto',
        role: 'unknown:computed', subnets: ['aws_subnet.a'], sgs: 'cluster', os: 'linux', arch: 'x86_64' },
    ]);
  });
});

describe('self-managed nodes launched from a launch configuration', () => {
  const tag = [{ key: 'kubernetes.io/cluster/prod', value: 'owned', propagate_at_launch: true }];
  const role = res('aws_iam_role.self', { name: 'self-nodes', arn: 'arn:aws:iam::111122223333:role/self-nodes' });
  const profile = res('aws_iam_instance_profile.self', { name: 'self-nodes', role: 'self-nodes' }, { unknown: { arn: true } });
  const group = (attrs: Record<string, unknown>, links: Record<string, Link[]> = {}) => res('aws_autoscaling_group.self', {
    vpc_zone_identifier: ['subnet-a'], tag, ...attrs,
  }, { unknown: 'launch_configuration' in attrs ? {} : { launch_configuration: true }, links });
  const byReference = { launch_configuration: [ref('aws_launch_configuration.self', 'name')] };

  it('follows the group through the configuration and its instance profile to the role, with its groups, public IP and arch', () => {
    const graph = graphOf([
      cluster, subnetA, role, profile,
      res('aws_security_group.nodes', { id: 'sg-1' }),
      res('aws_launch_configuration.self', {
        iam_instance_profile: 'self-nodes', security_groups: ['sg-1'], associate_public_ip_address: false, instance_type: 'm7g.large',
      }, { unknown: { name: true, id: true } }),
      group({}, byReference),
    ]);
    const [set, ...others] = nodeSets(graph);
    expect(others).toEqual([]);
    expect(summary(set!)).toEqual({
      address: 'aws_autoscaling_group.self', type: 'self-managed', cluster: 'aws_eks_cluster.main', clusterName: 'prod',
      role: ['aws_iam_role.self'], subnets: ['aws_subnet.a'], sgs: ['aws_security_group.nodes'], os: 'linux', arch: 'arm64',
    });
    expect(set!.launchConfiguration?.address).toBe('aws_launch_configuration.self');
    expect(set!.launchTemplate).toBeUndefined();
    expect(set!.role.source).toMatchObject({ resource: { address: 'aws_iam_instance_profile.self' }, path: ['role'] });
    expect(set!.securityGroups).toMatchObject({ holder: { address: 'aws_launch_configuration.self' }, path: ['security_groups'] });
    expect(set!.associatePublicIp).toBe(false);
    expect(set!.networkInterfaceCount).toBe(0);
  });

  it('follows a profile ARN reference; without groups or a public IP flag, the VPC default group and the subnet decide', () => {
    const graph = graphOf([
      role, profile,
      res('aws_launch_configuration.self', { name: 'self' }, {
        unknown: { iam_instance_profile: true, associate_public_ip_address: true },
        links: { iam_instance_profile: [ref('aws_iam_instance_profile.self', 'arn')] },
      }),
      group({ launch_configuration: 'self' }),
    ]);
    const [set] = nodeSets(graph);
    expect(summary(set!)).toMatchObject({ role: ['aws_iam_role.self'], sgs: 'vpc-default', cluster: undefined, clusterName: 'prod' });
    expect(set!.associatePublicIp).toBeUndefined();
  });

  it('cannot tell the role when the instance profile is outside the inputs or known only after apply', () => {
    const outside = graphOf([res('aws_launch_configuration.self', { name: 'self', iam_instance_profile: 'legacy-nodes' }), group({ launch_configuration: 'self' })]);
    expect(nodeSets(outside)[0]!.role).toMatchObject({
      status: 'unknown', why: 'external', reason: 'instance profile `legacy-nodes` of `aws_launch_configuration.self` is not in the analysed inputs',
      source: { resource: { address: 'aws_launch_configuration.self' }, path: ['iam_instance_profile'] },
    });
    const later = graphOf([res('aws_launch_configuration.self', { name: 'self' }, { unknown: { iam_instance_profile: true } }), group({ launch_configuration: 'self' })]);
    expect(nodeSets(later)[0]!.role).toMatchObject({ status: 'unknown', why: 'computed', source: { path: ['iam_instance_profile'] } });
    const none = graphOf([res('aws_launch_configuration.self', { name: 'self' }), group({ launch_configuration: 'self' })]);
    expect(nodeSets(none)[0]!.role).toMatchObject({ status: 'unknown', why: 'external', reason: 'launch configuration `aws_launch_configuration.self` sets no instance profile' });
  });

  it('names the launch configuration a group uses when it is not in the inputs', () => {
    const graph = graphOf([group({ launch_configuration: 'legacy-lc' })]);
    expect(nodeSets(graph)[0]!.role).toEqual({
      status: 'unknown', why: 'external', reason: 'launch configuration `legacy-lc` of `aws_autoscaling_group.self` is not in the analysed inputs',
      source: { resource: expect.objectContaining({ address: 'aws_autoscaling_group.self' }), path: ['launch_configuration'] },
    });
    const none = graphOf([res('aws_autoscaling_group.bare', { tag })]);
    expect(nodeSets(none)[0]!.role).toMatchObject({ reason: 'the launch template of `aws_autoscaling_group.bare` is not in the analysed inputs', source: { path: ['launch_template'] } });
  });

  it('resolves a real plan whose configuration name (name_prefix) is known only after apply', () => {
    const { loaded, errors } = loadInputs(['test/fixtures/aws-identity/self-managed-launch-configuration/plan.json']);
    expect(errors).toEqual([]);
    const [set, ...others] = nodeSets(buildGraph(loaded));
    expect(others).toEqual([]);
    expect(summary(set!)).toEqual({
      address: 'aws_autoscaling_group.node', type: 'self-managed', cluster: 'aws_eks_cluster.main', clusterName: 'demo',
      role: ['aws_iam_role.node'], subnets: 'external', sgs: ['aws_security_group.node'], os: 'linux', arch: 'x86_64',
    });
    expect(set!.launchConfiguration?.address).toBe('aws_launch_configuration.node');
    expect(set!.associatePublicIp).toBeUndefined();
  });

  it('reads a cluster tag whose key is known only after apply through its reference to the cluster name', () => {
    const symbolic = (target: string) => res('aws_autoscaling_group.self', {
      launch_configuration: 'legacy-lc', tag: [{ key: null, value: 'owned', propagate_at_launch: true }],
    }, { unknown: { tag: [{ key: true }] }, links: { 'tag.key': [ref(target, 'name')] } });
    const named = graphOf([res('aws_eks_cluster.gen', {}, { unknown: { name: true } }), symbolic('aws_eks_cluster.gen')]);
    expect(nodeSets(named).map(summary)).toMatchObject([{ address: 'aws_autoscaling_group.self', cluster: 'aws_eks_cluster.gen', clusterName: undefined }]);
    // A key built from anything else is not the cluster tag: a group without a node role is no node set.
    const other = graphOf([res('aws_iam_role.other', { name: 'x' }, { unknown: { name: true } }), symbolic('aws_iam_role.other')]);
    expect(nodeSets(other)).toEqual([]);
  });
});
