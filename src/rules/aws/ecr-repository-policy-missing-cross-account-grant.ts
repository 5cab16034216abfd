import { rolePulls } from '../../analysis/iam/node-pull.js';
import { repositoryPolicyAllows, repositoryPolicyViews } from '../../analysis/iam/resource-policy.js';
import { defineRule } from '../define-rule.js';

/**
 * A pull from a repository of another account needs both sides: the node role's identity policy
 * (PF-AWS-002) and the repository policy of the other account granting ecr:BatchGetImage and
 * ecr:GetDownloadUrlForLayer to the role (its ARN, its account root, or `*` with a satisfiable
 * condition). ecr:GetAuthorizationToken in a repository policy is irrelevant.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-005',
    name: 'ecr-repository-policy-missing-cross-account-grant',
    title: 'Cross-account repository policy does not grant pull to the node role',
    severity: 'error',
    category: 'registry',
    providers: ['aws'],
    messages: {
      noGrant: 'Repository `{{repository}}` is in account {{repoAccount}}, but no statement of its repository policy {{policies}} allows `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` to role `{{role}}` (account {{roleAccount}}) of `{{nodes}}`: pulls fail with "pull access denied for {{repository}}, repository does not exist or may require \'docker login\': denied: User: arn:aws:sts::{{roleAccount}}:assumed-role/… is not authorized to perform: ecr:BatchGetImage". Add an Allow statement with the node role ARN (not the instance profile ARN) as principal.',
      noPolicy: 'Repository `{{repository}}` is in account {{repoAccount}} and has no repository policy, so role `{{role}}` (account {{roleAccount}}) of `{{nodes}}` cannot pull from it: "denied: … is not authorized to perform: ecr:BatchGetImage". Add an `aws_ecr_repository_policy` allowing the node role ARN to pull.',
    },
    remediation: 'In the repository\'s account, grant the node role: Terraform `aws_ecr_repository_policy` with `Principal = { AWS = "<node role ARN>" }` and `Action = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]`; CDK `repository.grantPull(new iam.ArnPrincipal(nodeRoleArn))`; Pulumi `new aws.ecr.RepositoryPolicy(...)`. Use the role ARN, not the instance profile ARN.',
    pullError: 'pull access denied for arn:aws:ecr:REGION:cross-aws-account-id:repository/repo-name, repository does not exist or may require \'docker login\': denied: User: arn:aws:sts::<account>:assumed-role/<node-instance-role> is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:REGION:cross-aws-account-id:repository/repo-name',
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html',
      'https://repost.aws/knowledge-center/secondary-account-access-ecr',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const pull of rolePulls(graph)) {
      const { roleAccount } = pull;
      for (const repository of pull.repositories) {
        // The EKS add-on registries are AWS-owned and readable by every account's nodes.
        if (repository.origin === 'addon') continue;
        if (roleAccount === undefined || roleAccount === repository.account) continue;
        const views = repositoryPolicyViews(graph, repository);
        const data = { repository: repository.arn, repoAccount: repository.account, role: pull.role.address, roleAccount, nodes: pull.set.resource.address };
        const repo = repository.repositoryResource;
        if (views.length === 0) {
          if (repo) {
            report({ resource: repo, messageId: 'noPolicy', data, related: [{ resource: pull.role, note: 'node role' }, ...repository.images.map((i) => ({ resource: i.workload, path: i.path, note: 'image pulled here' }))] });
          } else {
            cannotVerify({ resource: pull.set.role.source.resource, path: pull.set.role.source.path, why: 'external', reason: `The repository policy of \`${repository.arn}\` lives in account ${repository.account}, outside the analysed inputs, so pullfix cannot tell whether it grants role \`${pull.role.address}\` pull access.` });
          }
          continue;
        }
        const allow = repositoryPolicyAllows(pull, repository, views);
        if (allow === 'no') {
          report({
            resource: views[0]!.policy, path: ['policy'], messageId: 'noGrant',
            data: { ...data, policies: views.map((v) => `\`${v.policy.address}\``).join(', ') },
            related: [{ resource: pull.role, note: 'node role' }, ...repository.images.map((i) => ({ resource: i.workload, path: i.path, note: 'image pulled here' }))],
          });
        } else if (allow === 'unknown') {
          const unreadable = views.find((v) => v.unreadable);
          cannotVerify({
            resource: views[0]!.policy, path: ['policy'],
            reason: unreadable
              ? `Cannot tell whether the repository policy grants role \`${pull.role.address}\` pull access: ${unreadable.unreadable}.`
              : `Cannot tell whether the repository policy of \`${repository.arn}\` grants role \`${pull.role.address}\` pull access: its principal or conditions cannot be evaluated before apply.`,
          });
        }
      }
    }
  },
});
