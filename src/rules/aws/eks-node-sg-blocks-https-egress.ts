import { endpointPeer, INTERNET, nodeEgressAllows, nodeEgressRules, nodeNetworks, usesEndpoints, type Verdict } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * Security groups are stateful but deny what they do not allow: nodes need TCP 443 out to ECR (the
 * internet, or the interface endpoints and the S3 prefix list on the endpoint path). Terraform's and
 * Pulumi-classic's `aws_security_group` drop AWS's default allow-all egress rule, so a group declared
 * without `egress` has none. Managed node groups without launch-template groups get the EKS cluster
 * security group, which allows all egress.
 * https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-012',
    name: 'eks-node-sg-blocks-https-egress',
    title: 'Node security groups block outbound HTTPS to ECR',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      blocked: 'Security group{{plural}} {{groups}} of `{{nodes}}` {{allow}} no outbound TCP 443 to {{destination}}: the kubelet cannot open connections to ECR and pulls fail with "Client.Timeout exceeded while awaiting headers" (or "i/o timeout"). Add an egress rule for TCP 443 to {{destination}}.',
    },
    remediation: 'Add an egress rule allowing TCP 443 from the node security group: Terraform `egress { from_port = 443, to_port = 443, protocol = "tcp", cidr_blocks = ["0.0.0.0/0"] }` or `aws_vpc_security_group_egress_rule` (terraform-aws-modules/eks: keep `node_security_group_enable_recommended_rules = true` or add `node_security_group_additional_rules`); CDK `allowAllOutbound: true` or `securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443))`; Pulumi `egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]`. On the endpoint path, allow 443 to the endpoint security group (or subnets) and to the S3 prefix list.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html',
      'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const network of nodeNetworks(graph)) {
      const { set } = network;
      const path = network.paths[0];
      if (!path) continue;
      const rules = nodeEgressRules(graph, set, path.vpc);
      if (rules.status === 'allow-all') continue;
      if (rules.status === 'unknown') {
        if (!rules.external) cannotVerify({ resource: set.resource, reason: `Node egress cannot be verified: ${rules.reason}.` });
        continue;
      }
      let verdict: Verdict;
      let destination: string;
      if (usesEndpoints(path)) {
        const peer = endpointPeer(graph, path);
        const toEndpoints = peer.ranges.length === 0 && peer.keys.size === 0
          ? 'unknown' as const
          : nodeEgressAllows(rules, { kind: 'groups', keys: peer.keys, ranges: peer.ranges });
        const toS3 = nodeEgressAllows(rules, { kind: 'prefix-list' });
        verdict = toEndpoints === 'no' || toS3 === 'no' ? 'no' : toEndpoints === 'unknown' || toS3 === 'unknown' ? 'unknown' : 'yes';
        destination = toEndpoints === 'no' ? 'the ECR interface endpoints' : 'the S3 prefix list (image layers)';
      } else {
        verdict = nodeEgressAllows(rules, INTERNET);
        destination = '0.0.0.0/0';
      }
      const groups = rules.groups.flatMap((g) => (g.resource ? [g.resource] : []));
      if (verdict === 'no') {
        const holder = groups[0] ?? set.resource;
        report({
          resource: holder, path: holder === set.resource ? [] : ['egress'], messageId: 'blocked',
          data: { plural: groups.length > 1 ? 's' : '', allow: groups.length > 1 ? 'allow' : 'allows', groups: groups.map((g) => `\`${g.address}\``).join(', ') || 'the VPC default group', nodes: set.resource.address, destination },
          related: [{ resource: set.resource, note: 'nodes using these security groups' }, ...groups.slice(1).map((g) => ({ resource: g, note: 'node security group' }))],
        });
      } else if (verdict === 'unknown') {
        cannotVerify({ resource: groups[0] ?? set.resource, reason: `Outbound HTTPS of \`${set.resource.address}\` cannot be verified: some egress rules or their destinations are not known before apply.` });
      }
    }
  },
});
