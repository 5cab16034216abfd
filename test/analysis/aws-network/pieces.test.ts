import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../src/analysis/aws-network/cidr.js';
import { naclAllows, naclOf } from '../../../src/analysis/aws-network/nacl.js';
import { mainRouteTable, routeTableOf } from '../../../src/analysis/aws-network/routes.js';
import { admits, rulesOf } from '../../../src/analysis/aws-network/security-groups.js';
import { parsePolicy } from '../../../src/analysis/iam/policy.js';
import { resourcePolicyAllows } from '../../../src/analysis/iam/resource-policy.js';
import { graphOf, ref, res } from '../../helpers/graph.js';

const ANY = parseCidr('0.0.0.0/0')!;

describe('network ACL evaluation', () => {
  const graph = graphOf([
    res('aws_vpc.main', { id: 'vpc-1', cidr_block: '10.0.0.0/16' }),
    res('aws_subnet.a', { id: 'subnet-a', vpc_id: 'vpc-1' }),
    res('aws_network_acl.custom', {
      id: 'acl-1', subnet_ids: ['subnet-a'],
      egress: [{ rule_no: 100, action: 'allow', protocol: 'tcp', from_port: 443, to_port: 443, cidr_block: '0.0.0.0/0' }],
      ingress: [
        { rule_no: 200, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' },
      ],
    }),
    res('aws_network_acl_rule.deny_high', { network_acl_id: 'acl-1', egress: false, rule_number: 50, rule_action: 'deny', protocol: '6', from_port: 40000, to_port: 41000, cidr_block: '0.0.0.0/0' }),
  ]);
  const subnet = graph.byAddress(0, 'aws_subnet.a')!;
  const vpc = graph.byAddress(0, 'aws_vpc.main')!;

  it('merges inline entries and aws_network_acl_rule, first match by rule number wins', () => {
    const nacl = naclOf(graph, subnet, vpc);
    expect(nacl.status).toBe('rules');
    if (nacl.status !== 'rules') return;
    expect(naclAllows(nacl.egress, false, 443, 443, ANY)).toBe('yes');
    expect(naclAllows(nacl.ingress, false, 32768, 65535, ANY)).toBe('no');
    expect(naclAllows(nacl.ingress, false, 1024, 39999, ANY)).toBe('yes');
  });

  it('a deny covering part of the destination makes the verdict unknown', () => {
    const partial = graphOf([res('aws_network_acl.p', {
      egress: [
        { rule_no: 10, action: 'deny', protocol: 'tcp', from_port: 443, to_port: 443, cidr_block: '52.0.0.0/8' },
        { rule_no: 20, action: 'allow', protocol: 'tcp', from_port: 443, to_port: 443, cidr_block: '0.0.0.0/0' },
      ],
    })]).ofKind('aws.ec2.networkacl')[0]!;
    const sub = graphOf([
      res('aws_vpc.v', { id: 'vpc-2' }), res('aws_subnet.s', { id: 'subnet-s', vpc_id: 'vpc-2' }),
      res('aws_network_acl.p', { subnet_ids: ['subnet-s'], egress: partial.attrs.egress, ingress: [] }),
    ]);
    const view = naclOf(sub, sub.byAddress(0, 'aws_subnet.s')!, sub.byAddress(0, 'aws_vpc.v'));
    expect(view.status === 'rules' && naclAllows(view.egress, false, 443, 443, ANY)).toBe('unknown');
  });

  it('the default NACL allows everything unless aws_default_network_acl rewrites it', () => {
    const g = graphOf([res('aws_vpc.v', { id: 'vpc-2' }), res('aws_subnet.s', { id: 'subnet-s', vpc_id: 'vpc-2' })]);
    expect(naclOf(g, g.byAddress(0, 'aws_subnet.s')!, g.byAddress(0, 'aws_vpc.v')).status).toBe('allow-all');
    const rewritten = graphOf([
      res('aws_vpc.v', { id: 'vpc-2' }), res('aws_subnet.s', { id: 'subnet-s', vpc_id: 'vpc-2' }),
      res('aws_default_network_acl.d', { ingress: [], egress: [] }, { links: { default_network_acl_id: [ref('aws_vpc.v', 'default_network_acl_id')] }, unknown: { default_network_acl_id: true } }),
    ]);
    const view = naclOf(rewritten, rewritten.byAddress(0, 'aws_subnet.s')!, rewritten.byAddress(0, 'aws_vpc.v'));
    expect(view.status === 'rules' && naclAllows(view.egress, view.unknown, 443, 443, ANY)).toBe('no');
  });
});

describe('security group rules', () => {
  it('reads inline rules, aws_security_group_rule and aws_vpc_security_group_egress_rule', () => {
    const graph = graphOf([
      res('aws_security_group.nodes', { id: 'sg-1', egress: [] }),
      res('aws_security_group_rule.out', { type: 'egress', security_group_id: 'sg-1', protocol: 'tcp', from_port: 80, to_port: 80, cidr_blocks: ['0.0.0.0/0'] }),
      res('aws_vpc_security_group_egress_rule.https', { security_group_id: 'sg-1', ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/16' }),
    ]);
    const sg = graph.byAddress(0, 'aws_security_group.nodes')!;
    const rules = rulesOf(graph, sg, 'egress');
    expect(rules.rules).toHaveLength(2);
    expect(admits(rules, 443, { kind: 'cidr', range: ANY })).toBe('no');
    expect(admits(rules, 443, { kind: 'cidr', range: parseCidr('10.0.5.0/24')! })).toBe('yes');
  });
});

describe('endpoint policies', () => {
  it('allows through wildcards, denies through explicit Deny, and leaves conditions unknown', () => {
    const open = parsePolicy(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Resource: '*' }] }))!;
    expect(resourcePolicyAllows(open, { action: 'ecr:BatchGetImage', resource: 'arn:aws:ecr:eu-west-1:1:repository/x' })).toBe('yes');
    const deny = parsePolicy({ Statement: [
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'ecr:GetDownload*', Resource: '*' },
    ] })!;
    expect(resourcePolicyAllows(deny, { action: 'ecr:GetDownloadUrlForLayer', resource: '*' })).toBe('no');
    const conditional = parsePolicy({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }] })!;
    expect(resourcePolicyAllows(conditional, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).toBe('unknown');
  });
});

describe('route tables', () => {
  it('uses the main route table association, else the adopted default route table', () => {
    const graph = graphOf([
      res('aws_vpc.v', { id: 'vpc-1' }, { action: 'no-op' }),
      res('aws_subnet.s', { id: 'subnet-1', vpc_id: 'vpc-1' }),
      res('aws_route_table.main', { id: 'rtb-main', route: [{ cidr_block: '0.0.0.0/0', transit_gateway_id: 'tgw-1', gateway_id: '' }] }),
      res('aws_main_route_table_association.m', { vpc_id: 'vpc-1', route_table_id: 'rtb-main' }),
    ]);
    const view = routeTableOf(graph, graph.byAddress(0, 'aws_subnet.s')!);
    expect(view.status === 'known' && view.table?.address).toBe('aws_route_table.main');
    expect(view.status === 'known' && view.routes.map((r) => r.target)).toEqual(['tgw']);
  });

  it('treats the main table of an existing VPC that the inputs do not show as unknown', () => {
    const graph = graphOf([res('aws_vpc.v', { id: 'vpc-1' }, { action: 'no-op' })]);
    expect(mainRouteTable(graph, graph.byAddress(0, 'aws_vpc.v')!)).toMatchObject({ status: 'unknown', external: true });
  });
});
