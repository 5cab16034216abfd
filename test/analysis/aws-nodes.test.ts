import { describe, expect, it } from 'vitest';
import { nodeSets, type NodeSet } from '../../src/analysis/aws-nodes.js';
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
