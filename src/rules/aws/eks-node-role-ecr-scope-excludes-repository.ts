import { pullVerdict, REPOSITORY_ACTIONS, rolePulls, type RepositoryDecisions } from '../../analysis/iam/node-pull.js';
import { defineRule } from '../define-rule.js';

/**
 * A node role may hold ecr:BatchGetImage / ecr:GetDownloadUrlForLayer only on some repositories
 * (own account, one region, a name prefix, an aws:ResourceAccount condition). Pulls from the other
 * repositories are denied; the EKS add-on images come from an AWS-owned account (602401143452 in most
 * regions), so "own account only" breaks vpc-cni, CoreDNS and kube-proxy.
 * https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-002',
    name: 'eks-node-role-ecr-scope-excludes-repository',
    title: 'Node role ECR permissions are scoped away from a required repository',
    severity: 'error',
    category: 'iam',
    providers: ['aws'],
    messages: {
      scoped: 'Role `{{role}}` of `{{nodes}}` allows {{actions}} only on other resources than `{{repository}}` ({{origin}}): pulls from `{{host}}` fail with "not authorized to perform: ecr:BatchGetImage on resource: {{repository}}". Widen the policy `Resource` to `*` or add this repository (or its account) to it.',
    },
    remediation: 'Let the node role read every repository its pods pull from: use AmazonEC2ContainerRegistryPullOnly, or set the pull statement\'s `Resource` to `"*"` (or list the repositories, including `arn:aws:ecr:<region>:<eks-addon-account>:repository/*` for the EKS add-on images) in the Terraform `aws_iam_policy_document`, CDK `PolicyStatement` or Pulumi policy document.',
    pullError: 'denied: User: arn:aws:sts::<account>:assumed-role/<node-role>/… is not authorized to perform: ecr:BatchGetImage on resource: arn:aws:ecr:REGION:ACCOUNT:repository/repo-name',
    references: [
      'https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_id-based-policy-examples.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const pull of rolePulls(graph)) {
      // A role without the pull actions anywhere is PF-AWS-001 / PF-AWS-019.
      if (pullVerdict(pull).status !== 'pass') continue;
      const { set, role } = pull;
      // The add-on images come from one registry: one finding for it, not one per add-on repository.
      let addonReported = false;
      const grantedEverywhere = (d: RepositoryDecisions): boolean => REPOSITORY_ACTIONS.every((a) => d[a].allow === 'yes');
      if (pull.everywhere && grantedEverywhere(pull.everywhere)) continue;
      for (const repository of pull.repositories) {
        const decisions = pull.decisions(repository);
        if (grantedEverywhere(decisions)) continue;
        if (repository.origin === 'addon' && addonReported) continue;
        const missing = REPOSITORY_ACTIONS.filter((a) => decisions[a].allow === 'no');
        const unknown = REPOSITORY_ACTIONS.filter((a) => decisions[a].allow === 'unknown');
        if (missing.length > 0) {
          if (repository.origin === 'addon') addonReported = true;
          const origin = repository.origin === 'addon'
            ? 'EKS add-on registry'
            : repository.origin === 'image'
              ? `pulled by ${[...new Set(repository.images.map((i) => `\`${i.workload.address}\``))].join(', ')}`
              : 'repository created by these inputs';
          report({
            resource: set.role.source.resource,
            path: set.role.source.path,
            messageId: 'scoped',
            // Repositories of the inputs that no workload names are only presumed to be pulled.
            ...(repository.origin === 'plan-repository' ? { severity: 'warning' as const } : {}),
            data: { role: role.address, nodes: set.resource.address, actions: missing.map((a) => `\`${a}\``).join(', '), repository: repository.arn, origin, host: repository.host },
            related: [
              { resource: role, note: 'role' },
              ...pull.policies.identity.filter((p) => p.kind !== 'aws-managed').map((p) => ({ resource: p.policy ?? p.resource, note: `policy ${p.name}` })),
              ...repository.images.map((i) => ({ resource: i.workload, path: i.path, note: 'image pulled here' })),
            ],
          });
        } else if (unknown.length > 0) {
          const inPlan = pull.policies.unreadable.filter((u) => !u.external);
          const conditional = REPOSITORY_ACTIONS.some((a) => decisions[a].allowUncertain.length > 0);
          if (inPlan.length === 0 && !conditional) continue; // external documents: skipped by the unknown policy
          if (repository.origin === 'addon') addonReported = true;
          cannotVerify({
            resource: set.role.source.resource,
            path: set.role.source.path,
            reason: inPlan.length > 0
              ? `Cannot tell whether role \`${role.address}\` may read \`${repository.arn}\`: ${inPlan[0]!.reason}.`
              : `Cannot tell whether role \`${role.address}\` may read \`${repository.arn}\`: the granting statement has conditions pullfix cannot evaluate.`,
            related: [{ resource: role, note: 'role' }],
          });
        }
      }
    }
  },
});
