import { subnetPaths } from '../../analysis/aws-network.js';
import type { Resource } from '../../graph/resource.js';
import { defineRule } from '../define-rule.js';

/**
 * A NAT gateway gives private nodes internet access only when it is public and sits in a subnet
 * whose route table sends 0.0.0.0/0 to an internet gateway. A private NAT gateway
 * (`connectivity_type = "private"`) only translates to other private networks.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-011',
    name: 'eks-node-nat-gateway-no-internet',
    title: 'NAT gateway on the node route cannot reach the internet',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      private: 'NAT gateway `{{nat}}` is private (`connectivity_type = "private"`) but is the default route of node subnet `{{subnet}}` (`{{nodes}}`): a private NAT gateway cannot reach ECR\'s public endpoints and pulls fail with "Client.Timeout exceeded while awaiting headers". Use a public NAT gateway (with an Elastic IP) in a public subnet.',
      noIgw: 'NAT gateway `{{nat}}` sits in subnet `{{natSubnet}}`, whose route table has no 0.0.0.0/0 route to an internet gateway, yet it is the default route of node subnet `{{subnet}}` (`{{nodes}}`): pulls fail with "Client.Timeout exceeded while awaiting headers". Place the NAT gateway in a public subnet routed to the internet gateway.',
    },
    remediation: 'Use a public NAT gateway (Terraform `aws_nat_gateway { connectivity_type = "public", allocation_id = aws_eip.nat.id, subnet_id = aws_subnet.public.id }`) placed in a subnet whose route table sends `0.0.0.0/0` to the VPC\'s internet gateway; CDK `ec2.Vpc` and Pulumi awsx do this by default.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    references: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html'],
  },
  check({ graph, report }) {
    const seen = new Set<Resource>();
    for (const path of subnetPaths(graph)) {
      const { set } = path;
      if (path.reachable !== 'no') continue;
      for (const problem of path.egress.problems) {
        if (problem.kind === 'igw-no-public-ip' || seen.has(problem.nat)) continue;
        seen.add(problem.nat);
        const related = [{ resource: problem.route.holder, path: problem.route.path, note: 'node default route' }];
        if (problem.kind === 'nat-private') {
          report({ resource: problem.nat, path: ['connectivity_type'], messageId: 'private', data: { nat: problem.nat.address, subnet: path.subnet.address, nodes: set.resource.address }, related });
        } else {
          report({
            resource: problem.nat, path: ['subnet_id'], messageId: 'noIgw',
            data: { nat: problem.nat.address, natSubnet: problem.natSubnet?.address ?? 'unknown', subnet: path.subnet.address, nodes: set.resource.address },
            related,
          });
        }
      }
    }
  },
});
