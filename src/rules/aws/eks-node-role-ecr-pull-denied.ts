import { conditionKeys } from '../../analysis/iam/policy.js';
import { REPOSITORY_ACTIONS, rolePulls, TOKEN_ACTION } from '../../analysis/iam/node-pull.js';
import type { Decision } from '../../analysis/iam/evaluate.js';
import { defineRule } from '../define-rule.js';

/**
 * An explicit Deny in any policy of the role wins over every Allow, and a permissions boundary caps
 * what the identity policies grant: either removes the ECR pull even when a pull policy is attached.
 * Conditional denies on aws:SourceVpce / aws:SourceVpc are evaluated against the nodes' network
 * path (they match when the nodes reach ECR through NAT, where those keys are absent).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-004',
    name: 'eks-node-role-ecr-pull-denied',
    title: 'Explicit Deny or permissions boundary removes ECR pull from the node role',
    severity: 'error',
    category: 'iam',
    providers: ['aws'],
    messages: {
      denied: 'Statement {{statement}} of `{{policy}}` denies {{actions}} to role `{{role}}` of `{{nodes}}`{{conditions}}: the explicit Deny overrides the attached pull policy and pulls fail with "no basic auth credentials" or "not authorized to perform: ecr:BatchGetImage". Narrow the Deny (exclude the ECR pull actions) or remove it.',
      boundary: 'The permissions boundary `{{policy}}` of role `{{role}}` (nodes `{{nodes}}`) does not allow {{actions}}: a boundary caps the identity policies, so pulls fail with "no basic auth credentials" or "not authorized to perform: ecr:BatchGetImage". Add the ECR pull actions to the boundary policy.',
    },
    remediation: 'Keep ecr:GetAuthorizationToken, ecr:BatchGetImage and ecr:GetDownloadUrlForLayer out of Deny statements that apply to the node role (or make their conditions match the nodes\' path), and include them in the role\'s permissions boundary (`permissions_boundary` in Terraform, `permissionsBoundary` in CDK and Pulumi).',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/imagename/manifests/tag: no basic auth credentials',
    references: [
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const pull of rolePulls(graph)) {
      const { set, role, policies } = pull;
      const checks: { action: string; decision: Decision }[] = [{ action: TOKEN_ACTION, decision: pull.token }];
      // Repositories often share one decision object (grants on "*"): look at each decision once.
      const seen = new Set<Decision>();
      for (const decisions of pull.everywhere ? [pull.everywhere] : pull.repositories.map(pull.decisions)) {
        for (const action of REPOSITORY_ACTIONS) {
          const decision = decisions[action];
          if (seen.has(decision)) continue;
          seen.add(decision);
          checks.push({ action, decision });
        }
      }
      const denied = new Map<string, { actions: Set<string>; match: Decision['deniedBy'][number] }>();
      const boundaryActions = new Set<string>();
      let unknown: string | undefined;
      for (const { action, decision } of checks) {
        if (decision.allow !== 'yes') continue;
        for (const match of decision.deniedBy) {
          const key = `${match.source.resource.key}#${match.statement.index}`;
          const entry = denied.get(key) ?? { actions: new Set<string>(), match };
          entry.actions.add(action);
          denied.set(key, entry);
        }
        const uncertain = decision.denyUncertain[0];
        if (decision.deny === 'unknown' && uncertain) unknown ??= `Deny statement ${uncertain.statement.sid ?? `#${uncertain.statement.index}`} of \`${uncertain.source.name}\` applies under conditions pullfix cannot evaluate (${conditionKeys(uncertain.statement).join(', ')})`;
        if (decision.boundary === 'no') boundaryActions.add(action);
        else if (decision.boundary === 'unknown' && policies.boundaryUnreadable && !policies.boundaryUnreadable.external) unknown ??= policies.boundaryUnreadable.reason;
      }
      for (const { actions, match } of denied.values()) {
        const conditional = match.statement.conditions !== undefined;
        report({
          resource: match.source.policy ?? match.source.resource,
          path: match.source.path,
          messageId: 'denied',
          ...(conditional ? { severity: 'warning' as const } : {}),
          data: {
            statement: match.statement.sid ? `"${match.statement.sid}"` : `#${match.statement.index}`,
            policy: match.source.name,
            actions: [...actions].map((a) => `\`${a}\``).join(', '),
            role: role.address,
            nodes: set.resource.address,
            conditions: conditional ? ` (its conditions on ${conditionKeys(match.statement).join(', ')} hold for the nodes' path)` : '',
          },
          related: [{ resource: role, note: 'role' }, { resource: set.resource, note: 'nodes using the role' }],
        });
      }
      if (boundaryActions.size > 0 && policies.boundary) {
        report({
          resource: role,
          path: ['permissions_boundary'],
          messageId: 'boundary',
          data: { policy: policies.boundary.name, role: role.address, nodes: set.resource.address, actions: [...boundaryActions].map((a) => `\`${a}\``).join(', ') },
          related: [{ resource: set.resource, note: 'nodes using the role' }],
        });
      }
      if (denied.size === 0 && boundaryActions.size === 0 && unknown) {
        cannotVerify({ resource: role, reason: `Cannot tell whether role \`${role.address}\` keeps its ECR pull permissions: ${unknown}.` });
      }
    }
  },
});
