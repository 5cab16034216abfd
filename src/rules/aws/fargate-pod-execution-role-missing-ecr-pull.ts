import { grantOutcomes, rolePulls } from '../../analysis/iam/node-pull.js';
import { defineRule } from '../define-rule.js';

/**
 * Fargate pulls a pod's images with the profile's pod execution role: it needs the ECR pull actions
 * that AmazonEKSFargatePodExecutionRolePolicy grants. The role must also differ from the EC2 node role.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-019',
    name: 'fargate-pod-execution-role-missing-ecr-pull',
    title: 'Fargate pod execution role lacks ECR pull permissions',
    severity: 'error',
    category: 'iam',
    providers: ['aws'],
    messages: {
      missing: 'Pod execution role `{{role}}` of Fargate profile `{{profile}}` is not granted {{actions}}: pods on this profile (CoreDNS included) stay in ImagePullBackOff with "pulling from host … failed with status code [manifests latest]: 401 Unauthorized". Attach `arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy` to the role.',
      sharedWithNodes: 'Pod execution role `{{role}}` of Fargate profile `{{profile}}` is also the node role of `{{nodes}}`; EKS requires a separate role for Fargate pod execution.',
    },
    remediation: 'Attach AmazonEKSFargatePodExecutionRolePolicy to the pod execution role: Terraform `aws_iam_role_policy_attachment { role = aws_iam_role.fargate.name, policy_arn = "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy" }`; CDK `podExecutionRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName("AmazonEKSFargatePodExecutionRolePolicy"))`; Pulumi `new aws.iam.RolePolicyAttachment(..., { role: role.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSFargatePodExecutionRolePolicy" })`.',
    pullError: 'failed to resolve reference "151284513677.dkr.ecr.eu-central-1.amazonaws.com/coredns:latest": pulling from host 151284513677.dkr.ecr.eu-central-1.amazonaws.com failed with status code [manifests latest]: 401 Unauthorized',
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEKSFargatePodExecutionRolePolicy.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const outcome of grantOutcomes(graph, true)) {
      const { set } = outcome;
      if (outcome.kind === 'fail') {
        report({
          resource: set.role.source.resource,
          path: set.role.source.path,
          messageId: 'missing',
          data: { role: outcome.pull.role.address, profile: set.resource.address, actions: outcome.missing.map((a) => `\`${a}\``).join(', ') },
          related: [{ resource: outcome.pull.role, note: 'pod execution role defined here' }],
        });
      } else if (outcome.kind === 'unknown') {
        cannotVerify({
          resource: set.role.source.resource,
          path: set.role.source.path,
          reason: `Cannot tell whether the pod execution role of \`${set.resource.address}\` may pull from ECR: ${outcome.reason}.`,
          why: outcome.external ? 'external' : 'computed',
          related: outcome.related.map((r) => ({ resource: r, note: 'involved here' })),
        });
      }
    }
    // EKS: "the pod execution role must be different from the node IAM role".
    const pulls = rolePulls(graph);
    for (const fargate of pulls) {
      if (fargate.set.type !== 'fargate') continue;
      const shared = pulls.find((p) => p.set.type !== 'fargate' && p.role === fargate.role);
      if (!shared) continue;
      report({
        resource: fargate.set.role.source.resource,
        path: fargate.set.role.source.path,
        messageId: 'sharedWithNodes',
        severity: 'note',
        data: { role: fargate.role.address, profile: fargate.set.resource.address, nodes: shared.set.resource.address },
        related: [{ resource: shared.set.resource, note: 'EC2 node set using the same role' }],
      });
    }
  },
});
