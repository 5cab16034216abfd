import { endpointSubnetPaths } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * Without internet egress, a pull needs three endpoints in the nodes' VPC: `ecr.api` (credentials,
 * manifests), `ecr.dkr` (registry API), both of type Interface, and S3 for the layers, either a
 * Gateway endpoint on the node subnets' route tables or an Interface endpoint with private DNS.
 * `vpc_endpoint_type` defaults to Gateway in Terraform and CloudFormation, which ECR does not offer.
 * Reported only when the VPC has some ECR-related endpoint and no internet egress (PF-AWS-009
 * covers subnets with neither).
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-014',
    name: 'vpc-missing-ecr-endpoints',
    title: 'ECR VPC endpoint set incomplete for private nodes',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      missing: 'Nodes of `{{nodes}}` have no internet egress and VPC `{{vpc}}` lacks {{services}}: {{effect}}, so pulls fail with "i/o timeout" / "Client.Timeout exceeded while awaiting headers". Add {{fix}}.',
      s3OffTable: 'S3 gateway endpoint `{{endpoint}}` is not attached to route table `{{table}}` of node subnet `{{subnet}}` (`{{nodes}}`), which has no internet egress: image layers (served from S3) time out with "i/o timeout". Add the node route table to `route_table_ids` (or an `aws_vpc_endpoint_route_table_association`).',
      wrongType: 'Endpoint `{{endpoint}}` for `{{service}}` is of type `{{type}}`: ECR is only served by Interface endpoints (Terraform and CloudFormation default to Gateway), so private nodes of `{{nodes}}` cannot reach it and pulls time out. Set `vpc_endpoint_type = "Interface"`.',
    },
    remediation: 'Create the interface endpoints `com.amazonaws.<region>.ecr.api` and `com.amazonaws.<region>.ecr.dkr` (Terraform `aws_vpc_endpoint { vpc_endpoint_type = "Interface", private_dns_enabled = true }`, CDK `vpc.addInterfaceEndpoint("EcrApi", { service: ec2.InterfaceVpcEndpointAwsService.ECR })` and `ECR_DOCKER`, Pulumi `aws.ec2.VpcEndpoint`) and the S3 gateway endpoint `com.amazonaws.<region>.s3` with the node route tables in `route_table_ids` (CDK `vpc.addGatewayEndpoint("S3", { service: ec2.GatewayVpcEndpointAwsService.S3 })`).',
    pullError: 'dial tcp: lookup api.ecr.REGION.amazonaws.com: i/o timeout / (Client.Timeout exceeded while awaiting headers)',
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    const seen = new Set<string>();
    for (const path of endpointSubnetPaths(graph)) {
      const { set, endpoints: ep } = path;
      // Endpoints that exist but are unusable are reported on themselves.
      const missing = ep.missing.filter((s) => !(s === 's3' && ep.s3OffRouteTable.length > 0) && !ep.wrongType.some((e) => e.service === s));
      if (missing.length > 0 && !seen.has(`${set.resource.key}|${ep.vpc.key}`)) {
        seen.add(`${set.resource.key}|${ep.vpc.key}`);
        const region = ep.region ?? ep.vpc.context.awsRegion ?? set.resource.context.awsRegion ?? '<region>';
        report({
          resource: set.resource, path: set.subnetsPath, messageId: 'missing',
          data: {
            nodes: set.resource.address, vpc: ep.vpc.address,
            services: missing.map((s) => (s === 's3' ? 'an S3 endpoint for image layers' : `an Interface endpoint for \`${s}\``)).join(' and '),
            effect: missing.includes('s3') && missing.length === 1 ? 'manifests resolve but layer downloads from S3 never connect' : 'the kubelet cannot reach the registry',
            fix: missing.map((s) => (s === 's3' ? `a Gateway endpoint \`com.amazonaws.${region}.s3\` on the node route tables` : `an Interface endpoint \`com.amazonaws.${region}.${s}\` with private DNS`)).join(', '),
          },
          related: [{ resource: ep.vpc, note: 'VPC of the node subnets' }, ...ep.endpoints.map((e) => ({ resource: e.resource, note: `existing ${e.service} endpoint` }))],
        });
      }
      for (const endpoint of ep.s3OffRouteTable) {
        if (path.egress.routeTable.status !== 'known') continue;
        const key = `${endpoint.resource.key}|${path.egress.routeTable.table?.key ?? 'main'}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const table = path.egress.routeTable.table?.address ?? `main route table of ${ep.vpc.address}`;
        report({
          resource: endpoint.resource, path: ['route_table_ids'], messageId: 's3OffTable',
          data: { endpoint: endpoint.resource.address, table, subnet: path.subnet.address, nodes: set.resource.address },
          related: [{ resource: path.subnet, note: 'node subnet' }, ...(path.egress.routeTable.table ? [{ resource: path.egress.routeTable.table, note: 'node route table' }] : [])],
        });
      }
      for (const endpoint of ep.wrongType) {
        if (seen.has(endpoint.resource.key)) continue;
        seen.add(endpoint.resource.key);
        report({
          resource: endpoint.resource, path: ['vpc_endpoint_type'], messageId: 'wrongType',
          data: { endpoint: endpoint.resource.address, service: endpoint.service, type: endpoint.type ?? 'Gateway', nodes: set.resource.address },
        });
      }
      if (ep.incompleteUnknown && !seen.has(`u|${ep.vpc.key}`)) {
        seen.add(`u|${ep.vpc.key}`);
        cannotVerify({ resource: set.resource, path: set.subnetsPath, reason: `The ECR endpoint set of \`${ep.vpc.address}\` cannot be verified: ${ep.incompleteUnknown}.` });
      }
    }
  },
});
