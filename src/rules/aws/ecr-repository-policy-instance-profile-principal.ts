import { policyDocumentAt } from '../../analysis/iam/role-policies.js';
import { instanceProfilePrincipals } from '../../analysis/iam/resource-policy.js';
import { defineRule } from '../define-rule.js';

/**
 * ECR authorizes the role session (`assumed-role/<role>`), never the instance profile: a repository
 * policy whose principal is an instance-profile ARN grants nothing (the seed's note: use the
 * instance role ARN, not the instance profile ARN).
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-006',
    name: 'ecr-repository-policy-instance-profile-principal',
    title: 'Repository policy principal is an instance-profile ARN',
    severity: 'error',
    category: 'registry',
    providers: ['aws'],
    messages: {
      literal: 'Repository policy `{{policy}}` names instance profile `{{principal}}` as principal: ECR checks the role session, so this statement grants nothing and node pulls fail with "denied: … is not authorized to perform: ecr:BatchGetImage". Use the node IAM role ARN instead of the instance profile ARN.',
      reference: 'Repository policy `{{policy}}` takes its principal from `{{profile}}`: an instance-profile ARN is not a principal ECR recognises, so node pulls fail with "denied: … is not authorized to perform: ecr:BatchGetImage". Reference the role (`aws_iam_role.<name>.arn`) instead.',
    },
    remediation: 'Use the node role ARN (`aws_iam_role.node.arn`, CDK `nodeRole.roleArn`, Pulumi `nodeRole.arn`) as `Principal.AWS` of the repository policy, never `aws_iam_instance_profile.*.arn`.',
    pullError: 'denied: User: arn:aws:sts::<account>:assumed-role/<node-instance-role> is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:REGION:cross-aws-account-id:repository/repo-name',
    references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html'],
  },
  check({ graph, report }) {
    for (const policy of graph.ofKind('aws.ecr.repositorypolicy')) {
      if (policy.mode !== 'managed') continue;
      const doc = policyDocumentAt(graph, policy, ['policy']);
      const literals = 'document' in doc ? instanceProfilePrincipals(doc.document) : [];
      for (const principal of literals) {
        report({ resource: policy, path: ['policy'], messageId: 'literal', data: { policy: policy.address, principal } });
      }
      if (literals.length > 0) continue;
      // References to an instance profile's ARN (through the policy text or its policy document).
      const holders = [policy, ...graph.resolve(policy, ['policy'], ['aws.iam.policydocument']).map((r) => r.resource)];
      for (const holder of holders) {
        for (const [, links] of holder.linkedAttributes()) {
          for (const link of links) {
            const target = graph.byAddress(holder, link.address);
            if (target?.kind !== 'aws.iam.instanceprofile' || link.attribute[0] !== 'arn') continue;
            report({ resource: policy, path: ['policy'], messageId: 'reference', data: { policy: policy.address, profile: target.address }, related: [{ resource: target, note: 'instance profile' }] });
          }
        }
      }
    }
  },
});
