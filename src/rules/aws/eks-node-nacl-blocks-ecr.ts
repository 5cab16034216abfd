import { endpointPeer, naclPath, subnetPaths, usesEndpoints } from '../../analysis/aws-network.js';
import { ANYWHERE, type Ipv4Range } from '../../analysis/aws-network/cidr.js';
import { resolveRefs } from '../../analysis/aws-nodes.js';
import type { Resource } from '../../graph/resource.js';
import { defineRule } from '../define-rule.js';

/**
 * Network ACLs are stateless and evaluated by ascending rule number, first match wins, with an
 * implicit deny: HTTPS to ECR needs TCP 443 out and the return traffic on the ephemeral ports in,
 * on the node subnets and on the NAT gateway's subnet. The VPC default ACL allows everything unless
 * `aws_default_network_acl` rewrites it.
 * https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-013',
    name: 'eks-node-nacl-blocks-ecr',
    title: 'Network ACLs block the nodes\' HTTPS traffic to ECR',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      egress: 'Network ACL `{{nacl}}` of subnet `{{subnet}}` ({{role}}) does not allow outbound TCP 443 to {{destination}}: pulls of `{{nodes}}` fail with "Client.Timeout exceeded while awaiting headers". Add an egress entry allowing TCP 443 before any deny.',
      ingress: 'Network ACL `{{nacl}}` of subnet `{{subnet}}` ({{role}}) does not allow the return traffic (inbound TCP 32768-65535) from {{destination}}: network ACLs are stateless, so the HTTPS responses from ECR are dropped and pulls of `{{nodes}}` fail with "Client.Timeout exceeded while awaiting headers". Add an ingress entry allowing TCP 1024-65535.',
    },
    remediation: 'In the network ACL of the node subnets (and of the NAT gateway subnet), allow outbound TCP 443 and inbound TCP 1024-65535 from the same destinations, numbered before any deny: Terraform `aws_network_acl` `egress`/`ingress` blocks or `aws_network_acl_rule`; CDK `NetworkAcl.addEntry`; Pulumi `aws.ec2.NetworkAclRule`.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    const seen = new Set<string>();
    for (const path of subnetPaths(graph)) {
      const { set } = path;
      const checks: { subnet: Resource; peer: Ipv4Range; destination: string; role: string }[] = [];
      if (usesEndpoints(path)) {
        for (const range of endpointPeer(graph, path).ranges) checks.push({ subnet: path.subnet, peer: range, destination: 'the ECR endpoint subnets', role: 'node subnet' });
        checks.push({ subnet: path.subnet, peer: ANYWHERE, destination: 'S3 (image layers)', role: 'node subnet' });
      } else if (path.egress.hasCandidate || path.egress.status === 'yes') {
        checks.push({ subnet: path.subnet, peer: ANYWHERE, destination: '0.0.0.0/0', role: 'node subnet' });
        const via = path.egress.via;
        if (via?.target === 'nat' && via.targetResource) {
          const natSubnet = resolveRefs(graph, via.targetResource, ['subnet_id'], ['aws.ec2.subnet']);
          if (natSubnet.status === 'resolved') checks.push({ subnet: natSubnet.resources[0]!, peer: ANYWHERE, destination: '0.0.0.0/0', role: `subnet of NAT gateway \`${via.targetResource.address}\`` });
        }
      }
      for (const check of checks) {
        const result = naclPath(graph, check.subnet, path.vpc, check.peer);
        const key = result.nacl ? `${result.nacl.key}|${result.failing}|${check.destination}` : check.subnet.key;
        if (seen.has(key)) continue;
        seen.add(key);
        if (result.verdict === 'no' && result.nacl) {
          report({
            resource: result.nacl, path: [result.failing === 'egress-443' ? 'egress' : 'ingress'],
            messageId: result.failing === 'egress-443' ? 'egress' : 'ingress',
            data: { nacl: result.nacl.address, subnet: check.subnet.address, role: check.role, destination: check.destination, nodes: set.resource.address },
            related: [{ resource: check.subnet, note: check.role }],
          });
        } else if (result.verdict === 'unknown' && result.nacl) {
          cannotVerify({ resource: result.nacl, reason: `HTTPS through the network ACL of \`${check.subnet.address}\` cannot be verified: ${result.reason}.` });
        }
      }
    }
  },
});
