import { describe, expect, it } from 'vitest';
import { lintResources, ref, res, verdicts } from '../../helpers/graph.js';
import { IDENTITY_RULES } from './rules.js';

const ACCOUNT = { account_id: '111122223333' };
const caller = res('data.aws_caller_identity.current', ACCOUNT, { mode: 'data' });
const region = res('data.aws_region.current', { name: 'eu-west-1' }, { mode: 'data' });
const policy = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const run = (resources: Parameters<typeof lintResources>[0]) => verdicts(lintResources(resources, IDENTITY_RULES));

function nodeGroup(extra: Record<string, unknown> = {}) {
  return res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node', subnet_ids: ['subnet-1'], ...extra });
}
const role = (attrs: Record<string, unknown> = {}) => res('aws_iam_role.node', { name: 'node', arn: 'arn:aws:iam::111122223333:role/node', assume_role_policy: policy([]), ...attrs });
const attach = (name: string, arn: string) => res(`aws_iam_role_policy_attachment.${name}`, { role: 'node', policy_arn: arn });
const MANAGED = (n: string) => `arn:aws:iam::aws:policy/${n}`;

describe('PF-AWS-001 eks-node-role-missing-ecr-pull', () => {
  it('passes with AmazonEC2ContainerRegistryPowerUser, FullAccess, PowerUserAccess (NotAction) and the ECS instance policy', () => {
    for (const name of ['AmazonEC2ContainerRegistryPowerUser', 'AmazonEC2ContainerRegistryFullAccess', 'PowerUserAccess', 'service-role/AmazonEC2ContainerServiceforEC2Role', 'AdministratorAccess']) {
      expect(run([caller, region, nodeGroup(), role(), attach('ecr', MANAGED(name))]), name).toEqual({ findings: [], unverified: [] });
    }
  });
  it('fails when a token grant is scoped to a repository ARN (GetAuthorizationToken needs "*")', () => {
    const inline = res('aws_iam_role_policy.ecr', { role: 'node', policy: policy([{ Effect: 'Allow', Action: 'ecr:*', Resource: 'arn:aws:ecr:*:*:repository/*' }]) });
    expect(run([caller, region, nodeGroup(), role(), inline]).findings).toEqual(['PF-AWS-001 error aws_eks_node_group.ng']);
  });
  it('notes a customer policy that duplicates AmazonEC2ContainerRegistryReadOnly', () => {
    const actions = ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage', 'ecr:GetLifecyclePolicy', 'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings'];
    const custom = res('aws_iam_policy.ecr', { arn: 'arn:aws:iam::111122223333:policy/ecr', policy: policy([{ Effect: 'Allow', Action: actions, Resource: '*' }]) });
    expect(run([caller, region, nodeGroup(), role(), custom, attach('ecr', 'arn:aws:iam::111122223333:policy/ecr')]).findings).toEqual(['PF-AWS-001 note aws_iam_policy.ecr']);
  });
  it('reads customer policies through aws_iam_policy_document and managed_policy_arns', () => {
    const doc = res('data.aws_iam_policy_document.ecr', { json: policy([{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }]) }, { mode: 'data' });
    const custom = res('aws_iam_policy.ecr', { arn: 'arn:aws:iam::111122223333:policy/ecr' }, { unknown: { policy: true }, links: { policy: [ref('data.aws_iam_policy_document.ecr', 'json')] } });
    expect(run([caller, region, nodeGroup(), role({ managed_policy_arns: ['arn:aws:iam::111122223333:policy/ecr'] }), custom, doc])).toEqual({ findings: [], unverified: [] });
  });
  it('is unverified when an attached AWS managed policy is missing from the snapshot', () => {
    expect(run([caller, region, nodeGroup(), role(), attach('x', MANAGED('SomeNewPolicy'))]).unverified).toEqual(['PF-AWS-001 aws_eks_node_group.ng']);
  });
  it('follows self-managed nodes: autoscaling group → launch template → instance profile → role', () => {
    const asg = res('aws_autoscaling_group.nodes', { launch_template: [{ id: 'lt-1' }], vpc_zone_identifier: ['subnet-1'], tag: [{ key: 'kubernetes.io/cluster/demo', value: 'owned' }] });
    const lt = res('aws_launch_template.nodes', { id: 'lt-1', iam_instance_profile: [{ name: 'nodes' }] });
    const profile = res('aws_iam_instance_profile.nodes', { name: 'nodes', role: 'node' });
    expect(run([caller, region, asg, lt, profile, role()]).findings).toEqual(['PF-AWS-001 error aws_iam_instance_profile.nodes']);
    expect(run([caller, region, asg, lt, profile, role(), attach('ecr', MANAGED('AmazonEC2ContainerRegistryPullOnly'))]).findings).toEqual([]);
  });
  it('follows self-managed nodes through a launch configuration, and cannot verify when its instance profile is outside the inputs', () => {
    const asg = res('aws_autoscaling_group.nodes', { launch_configuration: 'nodes', vpc_zone_identifier: ['subnet-1'], tag: [{ key: 'kubernetes.io/cluster/demo', value: 'owned' }] });
    const lc = (instanceProfile: string) => res('aws_launch_configuration.nodes', { name: 'nodes', iam_instance_profile: instanceProfile });
    const profile = res('aws_iam_instance_profile.nodes', { name: 'nodes', role: 'node' });
    expect(run([caller, region, asg, lc('nodes'), profile, role()])).toEqual({ findings: ['PF-AWS-001 error aws_iam_instance_profile.nodes'], unverified: [] });
    expect(run([caller, region, asg, lc('nodes'), profile, role(), attach('ecr', MANAGED('AmazonEC2ContainerRegistryPullOnly'))])).toEqual({ findings: [], unverified: [] });
    expect(run([caller, region, asg, lc('legacy-nodes'), role()])).toEqual({ findings: [], unverified: ['PF-AWS-001 aws_launch_configuration.nodes'] });
  });
  it('is unverified, not an error, when an attachment\'s role is known only after apply', () => {
    const orphan = res('aws_iam_role_policy_attachment.later', { policy_arn: MANAGED('AmazonEC2ContainerRegistryReadOnly') }, { unknown: { role: true } });
    expect(run([caller, region, nodeGroup(), role(), orphan])).toEqual({ findings: [], unverified: ['PF-AWS-001 aws_eks_node_group.ng'] });
  });
});

describe('PF-AWS-002 eks-node-role-ecr-scope-excludes-repository', () => {
  const scoped = (resource: string, condition?: unknown) => res('aws_iam_role_policy.ecr', { role: 'node', policy: policy([
    { Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
    { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: resource, ...(condition ? { Condition: condition } : {}) },
  ]) });
  it('fails for an aws:ResourceAccount condition that excludes the add-on registry', () => {
    expect(run([caller, region, nodeGroup(), role(), scoped('*', { StringEquals: { 'aws:ResourceAccount': '111122223333' } })]).findings).toEqual(['PF-AWS-002 error aws_eks_node_group.ng']);
  });
  it('passes when the add-on account of the region is included', () => {
    expect(run([caller, region, nodeGroup(), role(), scoped('arn:aws:ecr:eu-west-1:602401143452:repository/*')])).toEqual({ findings: [], unverified: [] });
  });
  it('is unverified when the grant has a condition pullfix cannot evaluate', () => {
    expect(run([caller, region, nodeGroup(), role(), scoped('*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })]).unverified).toEqual(['PF-AWS-002 aws_eks_node_group.ng']);
  });
});

describe('PF-AWS-004 eks-node-role-ecr-pull-denied', () => {
  it('reports a conditional Deny that holds on the NAT path as a warning', () => {
    const vpc = res('aws_vpc.main', { id: 'vpc-1' });
    const subnet = res('aws_subnet.private', { id: 'subnet-1', vpc_id: 'vpc-1' });
    const deny = res('aws_iam_role_policy.guard', { role: 'node', policy: policy([{ Effect: 'Deny', Action: 'ecr:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }]) });
    expect(run([caller, region, vpc, subnet, nodeGroup(), role(), attach('ecr', MANAGED('AmazonEC2ContainerRegistryReadOnly')), deny]).findings).toEqual(['PF-AWS-004 warning aws_iam_role_policy.guard']);
  });
});

describe('PF-AWS-019 fargate-pod-execution-role-missing-ecr-pull', () => {
  it('notes a pod execution role shared with EC2 nodes', () => {
    const profile = res('aws_eks_fargate_profile.fp', { cluster_name: 'demo', fargate_profile_name: 'fp', pod_execution_role_arn: 'arn:aws:iam::111122223333:role/node', subnet_ids: ['subnet-1'], selector: [{ namespace: 'kube-system' }] });
    const trusted = role({ assume_role_policy: policy([{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', 'eks-fargate-pods.amazonaws.com'] }, Action: 'sts:AssumeRole' }]) });
    expect(run([caller, region, nodeGroup(), profile, trusted, attach('ecr', MANAGED('AmazonEC2ContainerRegistryReadOnly'))]).findings).toEqual(['PF-AWS-019 note aws_eks_fargate_profile.fp']);
  });
});

describe('PF-AWS-020 fargate-pod-execution-role-trust-mismatch', () => {
  const profile = res('aws_eks_fargate_profile.fp', { cluster_name: 'demo', fargate_profile_name: 'fp', pod_execution_role_arn: 'arn:aws:iam::111122223333:role/fargate', subnet_ids: ['subnet-1'] });
  const fargateRole = (trust: unknown[]) => res('aws_iam_role.fargate', { name: 'fargate', arn: 'arn:aws:iam::111122223333:role/fargate', assume_role_policy: policy(trust) });
  const fp = { Service: 'eks-fargate-pods.amazonaws.com' };
  const fargatePolicy = res('aws_iam_role_policy_attachment.fp', { role: 'fargate', policy_arn: MANAGED('AmazonEKSFargatePodExecutionRolePolicy') });
  it('fails when the trust policy does not name eks-fargate-pods.amazonaws.com', () => {
    expect(run([region, profile, fargateRole([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]), fargatePolicy]).findings).toEqual(['PF-AWS-020 error aws_iam_role.fargate']);
  });
  it('fails on a wrong region even when the account is unknown', () => {
    const trust = [{ Effect: 'Allow', Principal: fp, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:eks:us-east-1:*:fargateprofile/demo/*' } } }];
    expect(run([region, profile, fargateRole(trust), fargatePolicy]).findings).toEqual(['PF-AWS-020 error aws_iam_role.fargate']);
  });
  it('is unverified when only the unknown account decides', () => {
    const unknownAccountRole = res('aws_iam_role.fargate', { name: 'fargate', assume_role_policy: policy([{ Effect: 'Allow', Principal: fp, Action: 'sts:AssumeRole', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:eks:eu-west-1:999999999999:fargateprofile/demo/*' } } }]) }, { unknown: { arn: true } });
    const p = res('aws_eks_fargate_profile.fp', { cluster_name: 'demo', fargate_profile_name: 'fp', subnet_ids: ['subnet-1'] }, { unknown: { pod_execution_role_arn: true }, links: { pod_execution_role_arn: [ref('aws_iam_role.fargate', 'arn')] } });
    const a = res('aws_iam_role_policy_attachment.fp', { policy_arn: MANAGED('AmazonEKSFargatePodExecutionRolePolicy') }, { links: { role: [ref('aws_iam_role.fargate', 'name')] }, unknown: { role: true } });
    expect(run([region, p, unknownAccountRole, a])).toEqual({ findings: [], unverified: ['PF-AWS-020 aws_iam_role.fargate'] });
  });
  it('accepts StringLike with wildcards and no condition at all', () => {
    const like = [{ Effect: 'Allow', Principal: fp, Action: 'sts:AssumeRole', Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:eks:*:111122223333:fargateprofile/*' } } }];
    expect(run([caller, region, profile, fargateRole(like), fargatePolicy])).toEqual({ findings: [], unverified: [] });
    expect(run([caller, region, profile, fargateRole([{ Effect: 'Allow', Principal: fp, Action: 'sts:AssumeRole' }]), fargatePolicy])).toEqual({ findings: [], unverified: [] });
  });
});

describe('PF-AWS-006 ecr-repository-policy-instance-profile-principal', () => {
  it('passes with a role principal', () => {
    const p = res('aws_ecr_repository_policy.app', { repository: 'app', policy: policy([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/node' }, Action: 'ecr:BatchGetImage' }]) });
    expect(run([p])).toEqual({ findings: [], unverified: [] });
  });
});

describe('PF-AWS-022 ecr-pull-through-cache-prerequisites-missing', () => {
  it('warns about an upstream credential secret without the ecr-pullthroughcache/ prefix', () => {
    const rule = res('aws_ecr_pull_through_cache_rule.hub', { ecr_repository_prefix: 'docker-hub', upstream_registry_url: 'registry-1.docker.io', credential_arn: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:dockerhub-AbCdEf' });
    expect(run([rule]).findings).toEqual(['PF-AWS-022 warning aws_ecr_pull_through_cache_rule.hub']);
  });
});

describe('PF-AWS-023 ecr-repository-kms-key-disabled', () => {
  it('skips keys outside the inputs and AES256 repositories', () => {
    const external = res('aws_ecr_repository.a', { name: 'a', encryption_configuration: [{ encryption_type: 'KMS', kms_key: 'arn:aws:kms:eu-west-1:111122223333:key/x' }] });
    const aes = res('aws_ecr_repository.b', { name: 'b', encryption_configuration: [{ encryption_type: 'AES256' }] });
    expect(run([external, aes])).toEqual({ findings: [], unverified: [] });
  });
});
