import { grantOutcomes } from '../../analysis/iam/node-pull.js';
import { defineRule } from '../define-rule.js';

/**
 * The kubelet of EKS EC2 nodes (managed, self-managed, Auto Mode) gets ECR credentials with the node
 * IAM role: without ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer every
 * ECR pull fails, including the EKS add-on images (vpc-cni, CoreDNS, kube-proxy), which EKS serves
 * from ECR whatever registry the workloads use.
 * https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-001',
    name: 'eks-node-role-missing-ecr-pull',
    title: 'EKS node role lacks ECR pull permissions',
    severity: 'error',
    category: 'iam',
    providers: ['aws'],
    messages: {
      missing: 'Node role `{{role}}` of `{{nodes}}` is not granted {{actions}}: the kubelet cannot fetch ECR credentials and pulls fail with "no basic auth credentials" (ErrImagePull, then ImagePullBackOff), including the EKS add-on images (vpc-cni, CoreDNS, kube-proxy). Attach `arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly` (or AmazonEC2ContainerRegistryReadOnly) to the role.',
      duplicate: 'Node role `{{role}}` gets its ECR pull permissions from `{{policy}}`, which re-lists the actions of AmazonEC2ContainerRegistryReadOnly; AWS recommends attaching the managed policy instead of a duplicate, which AWS keeps up to date.',
    },
    remediation: 'Attach the AWS managed policy AmazonEC2ContainerRegistryPullOnly (or AmazonEC2ContainerRegistryReadOnly) to the node role: Terraform `aws_iam_role_policy_attachment { role = aws_iam_role.node.name, policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly" }` (terraform-aws-modules/eks: `iam_role_additional_policies`); CDK `nodeRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonEC2ContainerRegistryPullOnly"))`; Pulumi `new aws.iam.RolePolicyAttachment(..., { role: nodeRole.name, policyArn: aws.iam.ManagedPolicy.AmazonEC2ContainerRegistryPullOnly })`.',
    pullError: 'Failed to pull image "ACCOUNT.dkr.ecr.REGION.amazonaws.com/imagename:tag": rpc error: code = Unknown desc = Error response from daemon: Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/imagename/manifests/tag: no basic auth credentials',
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_EKS.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPullOnly.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const outcome of grantOutcomes(graph, false)) {
      const { set } = outcome;
      if (outcome.kind === 'fail') {
        report({
          resource: set.role.source.resource,
          path: set.role.source.path,
          messageId: 'missing',
          data: { role: outcome.pull.role.address, nodes: set.resource.address, actions: outcome.missing.map((a) => `\`${a}\``).join(', ') },
          related: [
            { resource: outcome.pull.role, note: 'node role defined here' },
            // The finding sits where the role is chosen (for self-managed nodes, the instance profile): name the nodes too.
            ...(set.role.source.resource === set.resource ? [] : [{ resource: set.resource, note: 'nodes launched with this role' }]),
            ...outcome.pull.policies.identity.map((p) => ({ resource: p.resource, path: p.path, note: `policy ${p.name} (no ECR pull)` })),
          ],
        });
      } else if (outcome.kind === 'duplicate') {
        report({
          resource: outcome.policy,
          messageId: 'duplicate',
          severity: 'note',
          data: { role: outcome.pull.role.address, policy: outcome.policy.address },
          related: [{ resource: outcome.pull.role, note: 'node role' }],
        });
      } else {
        cannotVerify({
          resource: set.role.source.resource,
          path: set.role.source.path,
          reason: `Cannot tell whether the node role of \`${set.resource.address}\` may pull from ECR: ${outcome.reason}.`,
          why: outcome.external ? 'external' : 'computed',
          related: outcome.related.map((r) => ({ resource: r, note: 'involved here' })),
        });
      }
    }
  },
});
