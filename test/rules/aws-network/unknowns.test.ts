import { describe, expect, it } from 'vitest';
import type { ResourceInit } from '../../../src/graph/model.js';
import { lintResources, ref, res, verdicts } from '../../helpers/graph.js';
import { networkRules } from './helpers.js';

/**
 * Unknown branches of the network rules on hand-built resources (Terraform schema names, links as
 * the plan parser records them): a fully private VPC whose pieces are replaced one at a time.
 */
type Overrides = Record<string, ResourceInit | null>;

function privateVpc(overrides: Overrides = {}): ResourceInit[] {
  const base: Record<string, ResourceInit> = {
    vpc: res('aws_vpc.main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true }),
    subnet: res('aws_subnet.a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', map_public_ip_on_launch: false }),
    table: res('aws_route_table.private', { id: 'rtb-1', vpc_id: 'vpc-1', route: [] }),
    assoc: res('aws_route_table_association.a', { subnet_id: 'subnet-a', route_table_id: 'rtb-1' }),
    role: res('aws_iam_role.node', { name: 'node', arn: 'arn:aws:iam::111122223333:role/node' }),
    group: res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node', subnet_ids: ['subnet-a'] }),
    sg: res('aws_security_group.endpoints', { id: 'sg-e', vpc_id: 'vpc-1', ingress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'] }], egress: [] }),
    api: res('aws_vpc_endpoint.api', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.ecr.api', vpc_endpoint_type: 'Interface', private_dns_enabled: true, security_group_ids: ['sg-e'], subnet_ids: ['subnet-a'] }),
    dkr: res('aws_vpc_endpoint.dkr', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.ecr.dkr', vpc_endpoint_type: 'Interface', private_dns_enabled: true, security_group_ids: ['sg-e'], subnet_ids: ['subnet-a'] }),
    s3: res('aws_vpc_endpoint.s3', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: ['rtb-1'] }),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete base[key];
    else base[key] = value;
  }
  return Object.values(base);
}

function run(resources: ResourceInit[]): { findings: string[]; unverified: string[] } {
  return verdicts(lintResources(resources, networkRules));
}

describe('network rules: unknown branches', () => {
  it('the hand-built private VPC passes', () => {
    expect(run(privateVpc())).toEqual({ findings: [], unverified: [] });
  });

  it('PF-AWS-009: node subnets computed and unresolvable', () => {
    const group = res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node' }, { unknown: { subnet_ids: true } });
    expect(run(privateVpc({ group }))).toEqual({ findings: [], unverified: ['PF-AWS-009 aws_eks_node_group.ng'] });
  });

  it('PF-AWS-009: public IP of an internet-gateway subnet unknown; external subnets are skipped', () => {
    const resources = privateVpc({
      subnet: res('aws_subnet.a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24' }, { unknown: { map_public_ip_on_launch: true }, action: 'update' }),
      table: res('aws_route_table.private', { id: 'rtb-1', vpc_id: 'vpc-1', route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-1' }] }),
      igw: res('aws_internet_gateway.igw', { id: 'igw-1', vpc_id: 'vpc-1' }),
      api: null, dkr: null, s3: null,
    });
    expect(run(resources)).toEqual({ findings: [], unverified: ['PF-AWS-009 aws_eks_node_group.ng'] });
    const external = res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node', subnet_ids: ['subnet-elsewhere'] });
    expect(run(privateVpc({ group: external }))).toEqual({ findings: [], unverified: [] });
  });

  it('PF-AWS-012: node group egress with a rule whose destination is computed', () => {
    const resources = privateVpc({
      table: res('aws_route_table.private', { id: 'rtb-1', vpc_id: 'vpc-1', route: [{ cidr_block: '0.0.0.0/0', nat_gateway_id: 'nat-1' }] }),
      public: res('aws_subnet.public', { id: 'subnet-p', vpc_id: 'vpc-1', cidr_block: '10.0.0.0/24' }),
      ptable: res('aws_route_table.public', { id: 'rtb-p', vpc_id: 'vpc-1', route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-1' }] }),
      passoc: res('aws_route_table_association.p', { subnet_id: 'subnet-p', route_table_id: 'rtb-p' }),
      igw: res('aws_internet_gateway.igw', { id: 'igw-1', vpc_id: 'vpc-1' }),
      nat: res('aws_nat_gateway.nat', { id: 'nat-1', subnet_id: 'subnet-p', connectivity_type: 'public' }),
      nodesg: res('aws_security_group.nodes', { id: 'sg-n', vpc_id: 'vpc-1' }, { unknown: { egress: true }, links: { 'egress.security_groups': [ref('aws_security_group.proxy', 'id')] } }),
      lt: res('aws_launch_template.lt', { id: 'lt-1', vpc_security_group_ids: ['sg-n'] }),
      group: res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node', subnet_ids: ['subnet-a'], launch_template: [{ id: 'lt-1' }] }),
      api: null, dkr: null, s3: null,
    });
    expect(run(resources)).toEqual({ findings: [], unverified: ['PF-AWS-012 aws_security_group.nodes'] });
  });

  it('PF-AWS-013: network ACL entries computed from another resource', () => {
    const nacl = res('aws_network_acl.n', { subnet_ids: ['subnet-a'], egress: [] }, { unknown: { ingress: true }, links: { 'ingress.cidr_block': [ref('aws_vpc.main', 'cidr_block')] } });
    expect(run(privateVpc({ nacl }))).toEqual({ findings: [], unverified: ['PF-AWS-013 aws_network_acl.n'] });
  });

  it('PF-AWS-014: S3 gateway endpoint on route tables outside the inputs', () => {
    const s3 = res('aws_vpc_endpoint.s3', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: ['rtb-elsewhere'] });
    expect(run(privateVpc({ s3 }))).toEqual({ findings: [], unverified: ['PF-AWS-014 aws_eks_node_group.ng'] });
  });

  it('PF-AWS-015: private DNS computed from another resource', () => {
    const api = res('aws_vpc_endpoint.api', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.ecr.api', vpc_endpoint_type: 'Interface', security_group_ids: ['sg-e'] }, {
      unknown: { private_dns_enabled: true }, links: { private_dns_enabled: [ref('aws_vpc.main', 'enable_dns_hostnames')] },
    });
    expect(run(privateVpc({ api }))).toEqual({ findings: [], unverified: ['PF-AWS-015 aws_vpc_endpoint.api'] });
  });

  it('PF-AWS-016: endpoint security group outside the inputs', () => {
    const dkr = res('aws_vpc_endpoint.dkr', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.ecr.dkr', vpc_endpoint_type: 'Interface', private_dns_enabled: true, security_group_ids: ['sg-shared'] });
    expect(run(privateVpc({ dkr }))).toEqual({ findings: [], unverified: ['PF-AWS-016 aws_vpc_endpoint.dkr'] });
  });

  it('PF-AWS-016: no security group declared, so the VPC default group (self only) applies', () => {
    const dkr = res('aws_vpc_endpoint.dkr', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.ecr.dkr', vpc_endpoint_type: 'Interface', private_dns_enabled: true, security_group_ids: [] });
    expect(run(privateVpc({ dkr })).findings).toEqual(['PF-AWS-009 error aws_eks_node_group.ng', 'PF-AWS-016 error aws_vpc_endpoint.dkr']);
  });

  it('PF-AWS-017: endpoint policy with conditions', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }] });
    const s3 = res('aws_vpc_endpoint.s3', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: ['rtb-1'], policy });
    expect(run(privateVpc({ s3 }))).toEqual({ findings: [], unverified: ['PF-AWS-017 aws_vpc_endpoint.s3'] });
  });

  it('PF-AWS-021: Fargate subnet whose route table is computed', () => {
    const resources = privateVpc({
      group: null,
      assoc: res('aws_route_table_association.a', { subnet_id: 'subnet-a' }, { unknown: { route_table_id: true } }),
      profile: res('aws_eks_fargate_profile.fp', { cluster_name: 'demo', pod_execution_role_arn: 'arn:aws:iam::111122223333:role/fargate', subnet_ids: ['subnet-a'] }),
    });
    expect(run(resources)).toEqual({ findings: [], unverified: ['PF-AWS-009 aws_eks_fargate_profile.fp', 'PF-AWS-021 aws_eks_fargate_profile.fp'] });
  });
});

describe('network rules: self-managed nodes launched from a launch configuration', () => {
  const internetSubnet = (mapPublicIp: boolean): Overrides => ({
    subnet: res('aws_subnet.a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', map_public_ip_on_launch: mapPublicIp }),
    table: res('aws_route_table.private', { id: 'rtb-1', vpc_id: 'vpc-1', route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-1' }] }),
    igw: res('aws_internet_gateway.igw', { id: 'igw-1', vpc_id: 'vpc-1' }),
    api: null, dkr: null, s3: null,
  });
  const selfManaged = (configuration: Record<string, unknown>): Overrides => ({
    group: res('aws_autoscaling_group.nodes', {
      launch_configuration: 'nodes', vpc_zone_identifier: ['subnet-a'], tag: [{ key: 'kubernetes.io/cluster/demo', value: 'owned', propagate_at_launch: true }],
    }),
    configuration: res('aws_launch_configuration.nodes', { name: 'nodes', iam_instance_profile: 'nodes', ...configuration }),
    profile: res('aws_iam_instance_profile.nodes', { name: 'nodes', role: 'node' }),
  });

  it('PF-AWS-010: the configuration turning the public IP off is blamed; turning it on passes; unset, the subnet decides', () => {
    expect(run(privateVpc({ ...internetSubnet(true), ...selfManaged({ associate_public_ip_address: false }) })))
      .toEqual({ findings: ['PF-AWS-010 error aws_launch_configuration.nodes'], unverified: [] });
    expect(run(privateVpc({ ...internetSubnet(false), ...selfManaged({ associate_public_ip_address: true }) }))).toEqual({ findings: [], unverified: [] });
    expect(run(privateVpc({ ...internetSubnet(false), ...selfManaged({}) }))).toEqual({ findings: ['PF-AWS-010 error aws_subnet.a'], unverified: [] });
  });

  it('PF-AWS-012: the configuration security groups are the nodes\' groups', () => {
    const closed = res('aws_security_group.nodes', { id: 'sg-n', vpc_id: 'vpc-1', ingress: [], egress: [] });
    expect(run(privateVpc({ closed, ...selfManaged({ security_groups: ['sg-n'] }) })).findings).toEqual(['PF-AWS-012 error aws_security_group.nodes']);
  });
});
