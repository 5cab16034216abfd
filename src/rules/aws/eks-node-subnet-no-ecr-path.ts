import { nodeNetworks } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * Nodes reach ECR either over the internet (a default route to an internet gateway with public IPs,
 * or to a working NAT gateway) or through VPC endpoints (ecr.api, ecr.dkr, S3). A subnet with
 * neither has no way to the registry: every pull times out. Broken internet routes are reported by
 * PF-AWS-010/011 and incomplete endpoint sets by PF-AWS-014…017; this rule reports subnets with no
 * route to the internet at all. Centralised egress (transit gateway, firewall) stays unverified.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-009',
    name: 'eks-node-subnet-no-ecr-path',
    title: 'EKS node subnets have no network path to ECR',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      noPath: 'Subnets `{{subnet}}` of `{{nodes}}` have no default route to the internet (route table `{{table}}`) and {{endpoints}}: the kubelet cannot reach ECR and pulls fail with "Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)". Route 0.0.0.0/0 to a public NAT gateway, or add the ecr.api, ecr.dkr and S3 VPC endpoints.',
    },
    remediation: 'Give the node subnets a path to ECR: a `0.0.0.0/0` route to a public NAT gateway (Terraform `aws_route { nat_gateway_id = aws_nat_gateway.x.id }`, CDK `natGateways >= 1` with `PRIVATE_WITH_EGRESS` subnets, Pulumi awsx `natGateways`), or the interface endpoints `com.amazonaws.<region>.ecr.api` and `ecr.dkr` with private DNS plus the S3 gateway endpoint on the node route tables.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const network of nodeNetworks(graph)) {
      const { set } = network;
      if (network.subnetsUnknown) {
        cannotVerify({ resource: set.resource, path: set.subnetsPath, reason: `The network path to ECR cannot be checked: ${network.subnetsUnknown.reason}.`, why: network.subnetsUnknown.why });
        continue;
      }
      let unverified = false;
      const failing = network.paths.filter((p) => p.reachable === 'no' && !p.egress.hasCandidate);
      const first = failing[0];
      if (first) {
        const table = first.egress.routeTable.status === 'known'
          ? first.egress.routeTable.table?.address ?? `main route table of ${first.vpc?.address ?? 'the VPC'}`
          : 'unknown';
        const endpoints = first.endpoints?.intended
          ? 'its ECR endpoint set is incomplete (see PF-AWS-014 to PF-AWS-017)'
          : 'its VPC has no ECR VPC endpoints';
        report({
          resource: set.resource, path: set.subnetsPath, messageId: 'noPath',
          data: { subnet: failing.map((p) => p.subnet.address).join('`, `'), nodes: set.resource.address, table, endpoints },
          related: [
            ...failing.map((p) => ({ resource: p.subnet, note: 'node subnet without a path to ECR' })),
            ...(first.egress.routeTable.status === 'known' && first.egress.routeTable.table ? [{ resource: first.egress.routeTable.table, path: ['route'], note: 'route table without a default route' }] : []),
          ],
        });
      }
      for (const path of network.paths) {
        const { egress } = path;
        if (path.reachable === 'unknown' && !unverified && egress.status === 'unknown' && egress.unknown && !egress.unknown.external) {
          unverified = true;
          cannotVerify({
            resource: set.resource, path: set.subnetsPath, why: egress.unknown.why,
            reason: `Internet egress of subnet \`${path.subnet.address}\` cannot be verified: ${egress.unknown.reason}.`,
            ...(egress.unknown.route ? { related: [{ resource: egress.unknown.route.holder, path: egress.unknown.route.path, note: 'default route' }] } : {}),
          });
        }
      }
    }
  },
});
