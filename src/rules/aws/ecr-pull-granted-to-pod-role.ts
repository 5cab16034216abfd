import { grantOutcomes, PULL_ACTIONS } from '../../analysis/iam/node-pull.js';
import { podRoles } from '../../analysis/iam/trust.js';
import { evaluate } from '../../analysis/iam/evaluate.js';
import { rolePolicies } from '../../analysis/iam/role-policies.js';
import { defineRule } from '../define-rule.js';

/**
 * Image pulls use the kubelet's credentials, i.e. the node role (the ECR credential provider), not
 * the pod's IRSA or Pod Identity role; granting ECR to a pod role does not fix a node role without
 * it. Kubernetes ≥1.33 can feed service-account tokens to credential providers, but only when the
 * node's CredentialProviderConfig enables it, which IaC does not show — hence a note.
 * https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-003',
    name: 'ecr-pull-granted-to-pod-role',
    title: 'ECR pull permissions granted to an IRSA / Pod Identity role instead of the node role',
    severity: 'note',
    category: 'iam',
    providers: ['aws'],
    messages: {
      podRole: 'Role `{{role}}` ({{how}}) is granted the ECR pull actions, but the kubelet pulls images with the node role of `{{nodes}}`, which lacks them: pods still fail with "no basic auth credentials". Move the ECR pull policy to the node role `{{nodeRole}}`.',
    },
    remediation: 'Attach AmazonEC2ContainerRegistryPullOnly to the node role (the role in `node_role_arn` / the instance profile), not to the service-account role.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/imagename/manifests/tag: no basic auth credentials',
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html', 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html'],
  },
  check({ graph, report }) {
    const failing = grantOutcomes(graph, false).filter((o) => o.kind === 'fail');
    if (failing.length === 0) return;
    for (const { role, how } of podRoles(graph)) {
      const policies = rolePolicies(graph, role);
      const grants = PULL_ACTIONS.every((action) => evaluate(policies, { action, resource: '*' }).effective === 'yes');
      if (!grants) continue;
      for (const outcome of failing) {
        if (outcome.kind !== 'fail' || outcome.pull.role === role) continue;
        report({
          resource: role, messageId: 'podRole',
          data: { role: role.address, how, nodes: outcome.set.resource.address, nodeRole: outcome.pull.role.address },
          related: [{ resource: outcome.pull.role, note: 'node role without ECR pull' }],
        });
      }
    }
  },
});
