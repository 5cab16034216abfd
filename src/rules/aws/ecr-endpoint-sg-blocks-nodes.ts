import { endpointsOnce } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * Interface endpoints are network interfaces guarded by security groups: the group must admit TCP
 * 443 from the node security group or from the node subnets. An endpoint declared without groups
 * gets the VPC default group, which (unless rewritten) admits only its own members.
 * https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-016',
    name: 'ecr-endpoint-sg-blocks-nodes',
    title: 'ECR endpoint security group does not admit HTTPS from the nodes',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      blocked: 'The security groups of endpoint `{{endpoint}}` (`{{service}}`){{defaultNote}} do not admit TCP 443 from the nodes of `{{nodes}}` (subnet `{{subnet}}`), which have no internet egress: connections to ECR are dropped and pulls fail with "i/o timeout". Allow TCP 443 from the node security group or the node subnet CIDRs.',
    },
    remediation: 'Attach to the ecr.api and ecr.dkr endpoints a security group with an ingress rule for TCP 443 from the node security group or the VPC/node subnet CIDRs: Terraform `aws_vpc_endpoint { security_group_ids = [aws_security_group.endpoints.id] }` with `ingress { from_port = 443, to_port = 443, protocol = "tcp", cidr_blocks = [aws_vpc.main.cidr_block] }`; CDK `InterfaceVpcEndpoint` `open: true` (default); Pulumi `securityGroupIds`.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: dial tcp <endpoint address>:443: i/o timeout',
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const { endpoint, path } of endpointsOnce(graph, (ep) => ep.sgBlocked)) {
      const { set } = path;
      const ids = endpoint.resource.get(['security_group_ids']);
      const usesDefault = ids === undefined || (ids.known && Array.isArray(ids.value) && ids.value.length === 0);
      report({
        resource: endpoint.resource, path: ['security_group_ids'], messageId: 'blocked',
        data: { endpoint: endpoint.resource.address, service: endpoint.service, defaultNote: usesDefault ? ' (none declared, so the VPC default group)' : '', nodes: set.resource.address, subnet: path.subnet.address },
        related: [{ resource: set.resource, note: 'nodes that pull through the endpoint' }],
      });
    }
    for (const { endpoint, path } of endpointsOnce(graph, (ep) => ep.sgUnknown)) {
      cannotVerify({ resource: endpoint.resource, path: ['security_group_ids'], reason: `Whether the security groups of \`${endpoint.resource.address}\` admit HTTPS from \`${path.set.resource.address}\` is not known before apply.` });
    }
  },
});
