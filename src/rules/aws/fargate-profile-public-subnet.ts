import { nodeNetworks } from '../../analysis/aws-network.js';
import { isDefaultRoute } from '../../analysis/aws-network/routes.js';
import { defineRule } from '../define-rule.js';

/**
 * Fargate pods never get a public IP: EKS accepts only private subnets, "with no direct route to an
 * Internet Gateway", for Fargate profiles; pods reach ECR through a NAT gateway or VPC endpoints
 * (checked for Fargate profiles by PF-AWS-009 and PF-AWS-011…017).
 * https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-021',
    name: 'fargate-profile-public-subnet',
    title: 'Fargate profile uses a subnet routed to an internet gateway',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      publicSubnet: 'Fargate profile `{{profile}}` uses subnet `{{subnet}}`, whose route table `{{table}}` sends 0.0.0.0/0 to an internet gateway: EKS rejects public subnets for Fargate, and Fargate pods get no public IP, so pulls would fail with "Client.Timeout exceeded while awaiting headers". Use private subnets routed to a NAT gateway (or with ECR VPC endpoints).',
    },
    remediation: 'List only private subnets in the Fargate profile (Terraform `aws_eks_fargate_profile.subnet_ids`, CDK `FargateProfile` `subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }`, Pulumi `subnetIds`), routed to a NAT gateway or served by the ECR VPC endpoints.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/fargate-profile.html'],
  },
  check({ graph, report, cannotVerify }) {
    for (const network of nodeNetworks(graph)) {
      const { set } = network;
      if (set.type !== 'fargate') continue;
      if (network.subnetsUnknown) {
        cannotVerify({ resource: set.resource, path: set.subnetsPath, reason: `The Fargate subnets cannot be checked: ${network.subnetsUnknown.reason}.` });
        continue;
      }
      for (const path of network.paths) {
        const table = path.egress.routeTable;
        if (table.status === 'unknown') {
          if (!table.external) cannotVerify({ resource: set.resource, path: set.subnetsPath, reason: `The route table of Fargate subnet \`${path.subnet.address}\` cannot be checked: ${table.reason}.` });
          continue;
        }
        const igw = table.routes.find((r) => isDefaultRoute(r) && r.target === 'igw');
        if (!igw) continue;
        report({
          resource: set.resource, path: set.subnetsPath, messageId: 'publicSubnet',
          data: { profile: set.resource.address, subnet: path.subnet.address, table: table.table?.address ?? `main route table of ${table.vpc?.address ?? 'the VPC'}` },
          related: [{ resource: igw.holder, path: igw.path, note: 'route to the internet gateway' }, { resource: path.subnet, note: 'public subnet' }],
        });
      }
    }
  },
});
