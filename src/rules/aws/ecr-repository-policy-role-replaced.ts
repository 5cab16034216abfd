import { rolePulls } from '../../analysis/iam/node-pull.js';
import { repositoryPolicyViews } from '../../analysis/iam/resource-policy.js';
import { defineRule } from '../define-rule.js';

/**
 * Resource policies record a role principal by its unique id: when the role is destroyed and created
 * again (same name, same ARN), the stored policy points at the old id and stops matching until the
 * policy is written again. Recalled from IAM's documented behaviour for resource policies; not
 * re-verified for ECR, hence a warning.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-008',
    name: 'ecr-repository-policy-role-replaced',
    title: 'Role named by a repository policy is being replaced',
    severity: 'warning',
    category: 'registry',
    providers: ['aws'],
    messages: {
      replaced: 'Node role `{{role}}` is replaced by this plan while repository policy `{{policy}}` naming it is left unchanged: the stored policy keeps the old role\'s unique id, so after the deploy pulls can fail with "not authorized to perform: ecr:BatchGetImage". Re-apply the repository policy with the new role (e.g. `replace_triggered_by`), or avoid replacing the role.',
    },
    remediation: 'Make the repository policy change with the role: Terraform `lifecycle { replace_triggered_by = [aws_iam_role.node] }` on `aws_ecr_repository_policy`, or avoid the role replacement (keep its name/path stable).',
    pullError: 'denied: User: arn:aws:sts::<account>:assumed-role/<node-instance-role> is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:REGION:ACCOUNT:repository/repo-name',
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles'],
  },
  check({ graph, report }) {
    for (const pull of rolePulls(graph)) {
      if (pull.role.action !== 'replace') continue;
      const arn = pull.roleArn;
      for (const repository of pull.repositories) {
        if (repository.origin === 'addon') continue;
        for (const view of repositoryPolicyViews(graph, repository)) {
          if (view.policy.action !== 'no-op') continue;
          const named = (arn !== undefined && view.document?.statements.some((s) => s.principal?.aws.includes(arn)))
            || view.policy.links(['policy']).some((l) => l.address === pull.role.address);
          if (!named) continue;
          report({ resource: view.policy, path: ['policy'], messageId: 'replaced', data: { role: pull.role.address, policy: view.policy.address }, related: [{ resource: pull.role, note: 'role replaced by the plan' }] });
        }
      }
    }
  },
});
