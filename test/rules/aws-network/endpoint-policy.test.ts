import { describe, expect, it } from 'vitest';
import type { ResourceInit } from '../../../src/graph/model.js';
import { lint } from '../../../src/engine/lint.js';
import { rules } from '../../../src/rules/index.js';
import { lintResources, res, verdicts } from '../../helpers/graph.js';
import { networkRules, run } from './helpers.js';

/**
 * PF-AWS-017 judges endpoint policies against the repositories the nodes really pull (the EKS add-on
 * registry of the region included), not against a made-up repository. Real plans under
 * test/fixtures/aws-network/endpoint-policy-*, made with `tfplan-stub plan.sh <dir>`.
 */
const CASES: Record<string, { findings: string[]; unverified: string[] }> = {
  // ecr.dkr allows pulls only on arn:aws:ecr:eu-west-1:111122223333:repository/*: the add-on images are refused.
  'endpoint-policy-own-account': {
    findings: ['PF-AWS-009 error aws_eks_node_group.default', 'PF-AWS-017 error aws_vpc_endpoint.ecr_dkr'], unverified: [],
  },
  // The same policy plus arn:aws:ecr:eu-west-1:602401143452:repository/*.
  'endpoint-policy-own-and-addon-accounts': { findings: [], unverified: [] },
  'endpoint-policy-any-resource': { findings: [], unverified: [] },
  // aws:PrincipalOrgID cannot be evaluated before apply.
  'endpoint-policy-conditions': { findings: [], unverified: ['PF-AWS-017 aws_vpc_endpoint.ecr_dkr'] },
};

describe('PF-AWS-017 on real plans', () => {
  for (const [fixture, expected] of Object.entries(CASES)) {
    it(fixture, () => {
      expect(run(fixture)).toEqual(expected);
    });
  }

  it('names the refused add-on repositories and the registry to allow', () => {
    const only = rules.filter((r) => r.meta.id === 'PF-AWS-017');
    const result = lint(['test/fixtures/aws-network/endpoint-policy-own-account/plan.json'], { rules: only });
    expect(result.findings.map((f) => f.message)).toEqual([
      'The policy of endpoint `aws_vpc_endpoint.ecr_dkr` (`ecr.dkr`) does not allow `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on '
      + '`arn:aws:ecr:eu-west-1:602401143452:repository/amazon-k8s-cni`, `arn:aws:ecr:eu-west-1:602401143452:repository/eks/coredns`, '
      + '`arn:aws:ecr:eu-west-1:602401143452:repository/eks/kube-proxy` (EKS add-on images, AWS registry account 602401143452); '
      + 'nodes of `aws_eks_node_group.default` pull only through the VPC endpoints, so these requests are refused with 403 Forbidden and the pull fails (ErrImagePull). '
      + 'Allow `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on these repositories (for the add-on images: `arn:aws:ecr:eu-west-1:602401143452:repository/*`) '
      + 'in the endpoint policy, or remove the policy.',
    ]);
  });

  it('scoped policies that pass give no finding from any AWS rule', () => {
    const aws = rules.filter((r) => r.meta.id.startsWith('PF-AWS-'));
    for (const fixture of ['endpoint-policy-own-and-addon-accounts', 'endpoint-policy-any-resource']) {
      expect(run(fixture, aws).findings, fixture).toEqual([]);
    }
  });
});

/** A fully private VPC (hand-built) whose endpoints carry the given policies. */
function privateVpc(policies: { api?: unknown; dkr?: unknown; s3?: unknown }, region?: string): ResourceInit[] {
  const policy = (p: unknown): Record<string, unknown> => (p === undefined ? {} : { policy: JSON.stringify(p) });
  return [
    ...(region ? [res('data.aws_region.current', { name: region })] : []),
    res('aws_vpc.main', { id: 'vpc-1', cidr_block: '10.0.0.0/16', enable_dns_support: true, enable_dns_hostnames: true }),
    res('aws_subnet.a', { id: 'subnet-a', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', map_public_ip_on_launch: false }),
    res('aws_route_table.private', { id: 'rtb-1', vpc_id: 'vpc-1', route: [] }),
    res('aws_route_table_association.a', { subnet_id: 'subnet-a', route_table_id: 'rtb-1' }),
    res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node', subnet_ids: ['subnet-a'] }),
    res('aws_security_group.endpoints', { id: 'sg-e', vpc_id: 'vpc-1', ingress: [{ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.0.0.0/16'] }], egress: [] }),
    res('aws_vpc_endpoint.api', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.ecr.api', vpc_endpoint_type: 'Interface', private_dns_enabled: true, security_group_ids: ['sg-e'], ...policy(policies.api) }),
    res('aws_vpc_endpoint.dkr', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.ecr.dkr', vpc_endpoint_type: 'Interface', private_dns_enabled: true, security_group_ids: ['sg-e'], ...policy(policies.dkr) }),
    res('aws_vpc_endpoint.s3', { vpc_id: 'vpc-1', service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: ['rtb-1'], ...policy(policies.s3) }),
  ];
}

const allow = (action: string | string[], resource: string | string[], extra: Record<string, unknown> = {}): unknown =>
  ({ Statement: [{ Effect: 'Allow', Principal: '*', Action: action, Resource: resource, ...extra }] });
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

function check(resources: ResourceInit[]): { findings: string[]; unverified: string[] } {
  return verdicts(lintResources(resources, networkRules));
}

describe('PF-AWS-017 on hand-built endpoints', () => {
  it('own-account repositories only: fails on the add-on registry once the region is known, unverified without it', () => {
    const dkr = allow(PULL, 'arn:aws:ecr:eu-west-1:111122223333:repository/*');
    expect(check(privateVpc({ dkr }, 'eu-west-1'))).toEqual({ findings: ['PF-AWS-009 error aws_eks_node_group.ng', 'PF-AWS-017 error aws_vpc_endpoint.dkr'], unverified: [] });
    expect(check(privateVpc({ dkr }))).toEqual({ findings: [], unverified: ['PF-AWS-017 aws_vpc_endpoint.dkr'] });
  });

  it('the add-on registry account differs per region (eu-south-1: 590381155156)', () => {
    const dkr = allow(PULL, 'arn:aws:ecr:eu-south-1:590381155156:repository/*');
    const resources = privateVpc({ dkr }, 'eu-south-1').map((r) => {
      const name = r.attrs['service_name'];
      return typeof name === 'string' ? { ...r, attrs: { ...r.attrs, service_name: name.replace('eu-west-1', 'eu-south-1') } } : r;
    });
    expect(check(resources)).toEqual({ findings: [], unverified: [] });
  });

  it('ecr.api needs the token on Resource "*"; a repository-scoped token statement refuses it', () => {
    expect(check(privateVpc({ api: allow('ecr:GetAuthorizationToken', '*') }, 'eu-west-1'))).toEqual({ findings: [], unverified: [] });
    const api = allow(['ecr:GetAuthorizationToken', ...PULL], 'arn:aws:ecr:eu-west-1:111122223333:repository/*');
    expect(check(privateVpc({ api }, 'eu-west-1'))).toEqual({ findings: ['PF-AWS-009 error aws_eks_node_group.ng', 'PF-AWS-017 error aws_vpc_endpoint.api'], unverified: [] });
  });

  it('S3: the layer bucket objects, not another bucket', () => {
    const ok = allow('s3:GetObject', 'arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*');
    expect(check(privateVpc({ s3: ok }, 'eu-west-1'))).toEqual({ findings: [], unverified: [] });
    const other = allow('s3:GetObject', 'arn:aws:s3:::my-bucket/*');
    expect(check(privateVpc({ s3: other }, 'eu-west-1'))).toEqual({ findings: ['PF-AWS-009 error aws_eks_node_group.ng', 'PF-AWS-017 error aws_vpc_endpoint.s3'], unverified: [] });
  });

  it('a Deny on the add-on registry wins over Resource "*"', () => {
    const dkr = { Statement: [
      { Effect: 'Allow', Principal: '*', Action: PULL, Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 'ecr:*', NotResource: 'arn:aws:ecr:eu-west-1:111122223333:repository/*' },
    ] };
    expect(check(privateVpc({ dkr }, 'eu-west-1')).findings).toEqual(['PF-AWS-009 error aws_eks_node_group.ng', 'PF-AWS-017 error aws_vpc_endpoint.dkr']);
  });
});
