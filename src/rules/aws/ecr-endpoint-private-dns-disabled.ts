import { endpointsOnce, endpointSubnetPaths } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * The kubelet pulls from `<account>.dkr.ecr.<region>.amazonaws.com` and authenticates against
 * `api.ecr.<region>.amazonaws.com`; those names reach the interface endpoints only with private DNS
 * on the endpoints (`private_dns_enabled`, Terraform default false) and DNS support plus DNS
 * hostnames on the VPC (`enable_dns_hostnames`, Terraform default false). Otherwise they resolve to
 * public addresses that private nodes cannot reach.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-015',
    name: 'ecr-endpoint-private-dns-disabled',
    title: 'ECR interface endpoints without private DNS',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      endpoint: 'Interface endpoint `{{endpoint}}` (`{{service}}`) does not enable private DNS: nodes of `{{nodes}}` have no internet egress, the registry names still resolve to public addresses, and pulls fail with "i/o timeout" / "Client.Timeout exceeded while awaiting headers". Set `private_dns_enabled = true`.',
      vpc: 'VPC `{{vpc}}` has `{{attribute}}` off, so the private DNS names of its ECR endpoints do not resolve for nodes of `{{nodes}}` (no internet egress): pulls fail with "i/o timeout". Set `{{attribute}} = true`.',
    },
    remediation: 'Set `private_dns_enabled = true` on the ecr.api and ecr.dkr endpoints (or add `aws_vpc_endpoint_private_dns`), and `enable_dns_support = true` plus `enable_dns_hostnames = true` on the VPC (CDK `ec2.Vpc` and terraform-aws-modules/vpc default to both; CDK `InterfaceVpcEndpoint` defaults `privateDnsEnabled` to true; Pulumi `privateDnsEnabled: true`).',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: dial tcp <public address>:443: i/o timeout',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const { endpoint, path } of endpointsOnce(graph, (ep) => ep.noPrivateDns)) {
      report({ resource: endpoint.resource, path: ['private_dns_enabled'], messageId: 'endpoint', data: { endpoint: endpoint.resource.address, service: endpoint.service, nodes: path.set.resource.address } });
    }
    for (const { endpoint } of endpointsOnce(graph, (ep) => ep.dnsUnknown)) {
      cannotVerify({ resource: endpoint.resource, path: ['private_dns_enabled'], reason: `Private DNS of \`${endpoint.resource.address}\` is not known before apply.` });
    }
    const seen = new Set<string>();
    for (const path of endpointSubnetPaths(graph)) {
      const { set, endpoints: ep } = path;
      const interfaces = ep.endpoints.some((e) => e.type === 'Interface');
      if (interfaces && ep.vpcDns.status === 'no' && !seen.has(ep.vpc.key)) {
        seen.add(ep.vpc.key);
        report({ resource: ep.vpc, path: [ep.vpcDns.attribute], messageId: 'vpc', data: { vpc: ep.vpc.address, attribute: ep.vpcDns.attribute, nodes: set.resource.address } });
      }
      if (interfaces && ep.vpcDns.status === 'unknown' && !seen.has(`u|${ep.vpc.key}`)) {
        seen.add(`u|${ep.vpc.key}`);
        cannotVerify({ resource: ep.vpc, reason: `Private DNS for the ECR endpoints cannot be verified: ${ep.vpcDns.reason}.` });
      }
    }
  },
});
