import { conditionKeys } from '../../analysis/iam/policy.js';
import { rolePulls } from '../../analysis/iam/node-pull.js';
import { anyRepositoryPullDeny, repositoryPolicyDenies, repositoryPolicyViews } from '../../analysis/iam/resource-policy.js';
import { defineRule } from '../define-rule.js';

/**
 * A Deny in a repository policy applies to every caller it names, same account included, and wins
 * over any Allow. Locks such as `StringNotEquals aws:SourceVpce` deny nodes that reach ECR through a
 * NAT gateway, where the request carries no aws:SourceVpce.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-007',
    name: 'ecr-repository-policy-denies-node-role',
    title: 'Repository policy denies the node role',
    severity: 'error',
    category: 'registry',
    providers: ['aws'],
    messages: {
      denied: 'Statement {{statement}} of repository policy `{{policy}}` denies `{{action}}` on `{{repository}}` to role `{{role}}` of `{{nodes}}`{{conditions}}: pulls fail with "denied: … is not authorized to perform: ecr:BatchGetImage". Narrow the Deny so it does not match the node role, or make its condition hold for the nodes (e.g. add the ECR VPC endpoints it expects).',
    },
    remediation: 'Remove the Deny, exclude the node role from it (`aws:PrincipalArn` condition), or give the nodes the network path the condition expects: ECR interface endpoints (`ecr.api`, `ecr.dkr`, private DNS on) in the node VPC for an `aws:SourceVpce` lock.',
    pullError: 'denied: User: arn:aws:sts::<account>:assumed-role/<node-instance-role> is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:REGION:ACCOUNT:repository/repo-name',
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourcevpce',
    ],
  },
  check({ graph, report, cannotVerify }) {
    // Most inputs have no Deny in any repository policy: then no node role × repository pair needs a look.
    if (!anyRepositoryPullDeny(graph)) return;
    for (const pull of rolePulls(graph)) {
      for (const repository of pull.repositories) {
        if (repository.origin === 'addon') continue;
        const views = repositoryPolicyViews(graph, repository);
        if (views.length === 0) continue;
        for (const hit of repositoryPolicyDenies(pull, repository, views)) {
          const statement = hit.statement.sid ? `"${hit.statement.sid}"` : `#${hit.statement.index}`;
          if (hit.result === 'yes') {
            const action = hit.statement.actions?.join(', ') ?? `NotAction ${hit.statement.notActions?.join(', ') ?? ''}`;
            report({
              resource: hit.view.policy, path: ['policy'], messageId: 'denied',
              data: {
                statement, policy: hit.view.policy.address, action, repository: repository.arn, role: pull.role.address, nodes: pull.set.resource.address,
                conditions: hit.statement.conditions ? ` (its condition on ${conditionKeys(hit.statement).join(', ')} holds for these nodes)` : '',
              },
              related: [{ resource: pull.role, note: 'node role' }, { resource: pull.set.resource, note: 'nodes' }],
            });
          } else {
            cannotVerify({
              resource: hit.view.policy, path: ['policy'],
              reason: `Deny statement ${statement} of \`${hit.view.policy.address}\` may apply to role \`${pull.role.address}\`: its condition on ${conditionKeys(hit.statement).join(', ') || 'the principal'} cannot be evaluated from the inputs.`,
            });
          }
        }
      }
    }
  },
});
