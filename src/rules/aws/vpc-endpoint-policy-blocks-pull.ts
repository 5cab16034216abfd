import { endpointsOnce } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * A VPC endpoint policy filters every request through the endpoint: the ECR endpoints must allow
 * ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer, and the S3 endpoint
 * s3:GetObject on the regional layer bucket `prod-<region>-starport-layer-bucket`. No policy means
 * full access. Policies with conditions or repository-specific resources stay unverified.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-017',
    name: 'vpc-endpoint-policy-blocks-pull',
    title: 'VPC endpoint policy blocks image pulls',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      blocked: 'The policy of endpoint `{{endpoint}}` (`{{service}}`) does not allow {{actions}}; nodes of `{{nodes}}` pull only through the VPC endpoints, so requests are refused with 403 AccessDenied and the pull fails (ErrImagePull). Allow {{actions}} in the endpoint policy, or remove the policy.',
    },
    remediation: 'Let the endpoint policy allow the pull: on the ecr.api/ecr.dkr endpoints `ecr:GetAuthorizationToken`, `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer` (Resource `*` or the repositories), on the S3 endpoint `s3:GetObject` on `arn:aws:s3:::prod-<region>-starport-layer-bucket/*` (Terraform `aws_vpc_endpoint.policy`, CDK `endpoint.addToPolicy`, Pulumi `policy`).',
    pullError: 'failed to resolve reference "ACCOUNT.dkr.ecr.REGION.amazonaws.com/imagename:tag": unexpected status from HEAD request: 403 Forbidden',
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const { endpoint, path } of endpointsOnce(graph, (ep) => ep.policyBlocked)) {
      const actions = endpoint.service === 's3'
        ? '`s3:GetObject` on the ECR layer bucket'
        : endpoint.service === 'ecr.api' ? '`ecr:GetAuthorizationToken` and `ecr:BatchGetImage`' : '`ecr:GetDownloadUrlForLayer`';
      report({ resource: endpoint.resource, path: ['policy'], messageId: 'blocked', data: { endpoint: endpoint.resource.address, service: endpoint.service, actions, nodes: path.set.resource.address } });
    }
    for (const { endpoint } of endpointsOnce(graph, (ep) => ep.policyUnknown)) {
      cannotVerify({ resource: endpoint.resource, path: ['policy'], reason: `The policy of \`${endpoint.resource.address}\` is unknown before apply or depends on conditions or repositories pullfix cannot match.` });
    }
  },
});
