import { describe, expect, it } from 'vitest';
import { rules } from '../../../src/rules/index.js';
import { awsRules, run } from './helpers.js';

/**
 * Every case is a real plan (test/fixtures/aws-network/<case>/plan.json, made from the main.tf next to
 * it with `tfplan-stub plan.sh <dir>`, Terraform 1.11.4 with stub providers), linted with
 * every network rule; the exact findings and unverified entries are asserted.
 */
const CASES: Record<string, { findings: string[]; unverified: string[] }> = {
  // False-positive guards.
  'standard-nat': { findings: [], unverified: [] },
  'fully-private': { findings: [], unverified: [] },
  'public-subnet-public-ip': { findings: [], unverified: [] },
  'node-sg-egress-rule': { findings: [], unverified: [] },
  'nacl-return-traffic': { findings: [], unverified: [] },
  'fargate-private-subnet': { findings: [], unverified: [] },
  // terraform-aws-modules/vpc + eks-like layout (local modules, count/for_each, nested node group module).
  'module-layout': { findings: [], unverified: [] },
  'module-layout-no-egress': { findings: ['PF-AWS-012 error module.eks.aws_security_group.node'], unverified: [] },
  // PF-AWS-009: unknown (centralised egress) and fail.
  'transit-gateway-egress': { findings: [], unverified: ['PF-AWS-009 aws_eks_node_group.default'] },
  'private-no-path': { findings: ['PF-AWS-009 error aws_eks_node_group.default'], unverified: [] },
  // PF-AWS-010, 011, 012, 013.
  'public-subnet-no-public-ip': { findings: ['PF-AWS-010 error aws_subnet.public'], unverified: [] },
  'private-nat-gateway': { findings: ['PF-AWS-011 error aws_nat_gateway.nat'], unverified: [] },
  'nat-in-private-subnet': { findings: ['PF-AWS-011 error aws_nat_gateway.nat'], unverified: [] },
  'node-sg-no-egress': { findings: ['PF-AWS-012 error aws_security_group.nodes'], unverified: [] },
  'nacl-no-return-traffic': { findings: ['PF-AWS-013 error aws_network_acl.private'], unverified: [] },
  // PF-AWS-014…017 (with PF-AWS-009 for the same subnets).
  'endpoints-half-done': {
    findings: [
      'PF-AWS-009 error aws_eks_node_group.default',
      'PF-AWS-014 error aws_eks_node_group.default',
      'PF-AWS-015 error aws_vpc.main',
      'PF-AWS-015 error aws_vpc_endpoint.ecr_api',
      'PF-AWS-015 error aws_vpc_endpoint.ecr_dkr',
      'PF-AWS-016 error aws_vpc_endpoint.ecr_api',
      'PF-AWS-016 error aws_vpc_endpoint.ecr_dkr',
    ],
    unverified: [],
  },
  's3-gateway-off-route-table': {
    findings: ['PF-AWS-009 error aws_eks_node_group.default', 'PF-AWS-014 error aws_vpc_endpoint.s3'], unverified: [],
  },
  'ecr-endpoint-gateway-type': {
    findings: ['PF-AWS-009 error aws_eks_node_group.default', 'PF-AWS-014 error aws_vpc_endpoint.ecr_api', 'PF-AWS-014 error aws_vpc_endpoint.ecr_dkr'],
    unverified: [],
  },
  'endpoint-policy-blocks-layers': {
    findings: ['PF-AWS-009 error aws_eks_node_group.default', 'PF-AWS-017 error aws_vpc_endpoint.ecr_dkr'], unverified: [],
  },
  // PF-AWS-018, 021, 024.
  'private-nodes-public-images': {
    findings: ['PF-AWS-018 error kubernetes_deployment_v1.web', 'PF-AWS-018 error kubernetes_deployment_v1.web'], unverified: [],
  },
  'fargate-public-subnet': { findings: ['PF-AWS-021 error aws_eks_fargate_profile.default'], unverified: [] },
  'windows-private-only': { findings: ['PF-AWS-024 note aws_eks_node_group.default'], unverified: [] },
};

/** The network-path rules, by name: each must fail at least one real plan above. */
const NETWORK_RULES = [
  'eks-node-subnet-no-ecr-path', 'eks-node-igw-route-without-public-ip', 'eks-node-nat-gateway-no-internet',
  'eks-node-sg-blocks-https-egress', 'eks-node-nacl-blocks-ecr', 'vpc-missing-ecr-endpoints',
  'ecr-endpoint-private-dns-disabled', 'ecr-endpoint-sg-blocks-nodes', 'vpc-endpoint-policy-blocks-pull',
  'eks-private-nodes-image-needs-internet', 'fargate-profile-public-subnet', 'eks-windows-nodes-no-internet',
];

describe('network path rules on real plans', () => {
  it('every network rule fails at least one real plan', () => {
    for (const name of NETWORK_RULES) {
      const rule = rules.find((r) => r.meta.name === name);
      expect(rule, name).toBeDefined();
      const fires = Object.values(CASES).some((c) => c.findings.some((f) => f.startsWith(`${rule!.meta.id} `)));
      expect(fires, name).toBe(true);
    }
  });

  for (const [fixture, expected] of Object.entries(CASES)) {
    it(fixture, () => {
      expect(run(fixture)).toEqual(expected);
    });
  }

  it('false-positive guards give no finding from any AWS rule', () => {
    for (const fixture of ['standard-nat', 'fully-private', 'public-subnet-public-ip', 'module-layout']) {
      expect(run(fixture, awsRules).findings, fixture).toEqual([]);
    }
  });
});
