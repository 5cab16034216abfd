import { endpointsOnce, type PolicyBlockedEndpoint, type PolicyDenial } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * A VPC endpoint policy filters every request through the endpoint. A pull needs
 * `ecr:GetAuthorizationToken` (Resource `*`) through ecr.api, `ecr:BatchGetImage` and
 * `ecr:GetDownloadUrlForLayer` on every repository the nodes pull through ecr.dkr — the EKS add-on
 * repositories (vpc-cni, kube-proxy, CoreDNS) of the AWS-owned regional registry account included —
 * and `s3:GetObject` on the regional layer bucket `prod-<region>-starport-layer-bucket` through the S3
 * endpoint. No policy means full access. Policies scoped to repositories or accounts are judged
 * against the repository ARNs the nodes need (src/analysis/ecr.ts); policies with conditions, and
 * repositories pullfix cannot name, stay unverified.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
 * https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html
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
      blocked: 'The policy of endpoint `{{endpoint}}` (`{{service}}`) does not allow {{denied}}; nodes of `{{nodes}}` pull only through the VPC endpoints, so these requests are refused with 403 Forbidden and the pull fails (ErrImagePull). Allow {{fix}} in the endpoint policy, or remove the policy.',
    },
    remediation: 'Let the endpoint policy allow the pull: on the ecr.api endpoint `ecr:GetAuthorizationToken` (Resource `*`), on the ecr.dkr endpoint `ecr:BatchGetImage` and `ecr:GetDownloadUrlForLayer` on every repository the nodes pull, the EKS add-on registry of the region (e.g. `arn:aws:ecr:eu-west-1:602401143452:repository/*`) included, on the S3 endpoint `s3:GetObject` on `arn:aws:s3:::prod-<region>-starport-layer-bucket/*` (Terraform `aws_vpc_endpoint.policy`, CDK `endpoint.addToPolicy`, Pulumi `policy`).',
    pullError: 'failed to resolve reference "ACCOUNT.dkr.ecr.REGION.amazonaws.com/imagename:tag": unexpected status from HEAD request: 403 Forbidden',
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
      'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
      'https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    for (const { endpoint, path } of endpointsOnce(graph, (ep) => ep.policyBlocked)) {
      report({
        resource: endpoint.resource, path: ['policy'], messageId: 'blocked',
        data: { endpoint: endpoint.resource.address, service: endpoint.service, ...describe(endpoint), nodes: path.set.resource.address },
      });
    }
    for (const { endpoint } of endpointsOnce(graph, (ep) => ep.policyUnknown)) {
      cannotVerify({ resource: endpoint.resource, path: ['policy'], reason: `The policy of \`${endpoint.resource.address}\` cannot be checked against the pull: ${endpoint.reason}.` });
    }
  },
});

const SHOWN = 3;

const code = (values: Iterable<string>): string => [...values].map((v) => `\`${v}\``).join(', ');

/** Why the refused resource matters, for the message. */
function noteOf(denial: PolicyDenial): string {
  const repo = denial.repository;
  if (!repo) return denial.action === 's3:GetObject' ? ' (the ECR image layers)' : '';
  if (repo.origin === 'addon') return ` (EKS add-on images, AWS registry account ${repo.account})`;
  return repo.images.length > 0 ? ` (images of \`${repo.images[0]!.workload.address}\`)` : '';
}

/** The refused requests, grouped by refused actions and reason, and what to allow. */
function describe(endpoint: PolicyBlockedEndpoint): { denied: string; fix: string } {
  const actionsOf = new Map<string, { actions: Set<string>; denial: PolicyDenial }>();
  for (const denial of endpoint.denials) {
    const entry = actionsOf.get(denial.resource);
    if (entry) entry.actions.add(denial.action);
    else actionsOf.set(denial.resource, { actions: new Set([denial.action]), denial });
  }
  const groups = new Map<string, { actions: Set<string>; note: string; resources: string[] }>();
  for (const [resource, { actions, denial }] of actionsOf) {
    const note = noteOf(denial);
    const key = `${[...actions].join(' ')}\u0000${note}`;
    const group = groups.get(key);
    if (group) group.resources.push(resource);
    else groups.set(key, { actions, note, resources: [resource] });
  }
  const parts = [...groups.values()].map(({ actions, note, resources }) => {
    const more = resources.length > SHOWN ? ` and ${resources.length - SHOWN} more` : '';
    return `${[...actions].map((a) => `\`${a}\``).join(' and ')} on ${code(resources.slice(0, SHOWN))}${more}${note}`;
  });
  const addonRegistries = new Set(endpoint.denials.flatMap((d) => d.repository?.origin === 'addon' ? [`arn:${d.repository.partition}:ecr:${d.repository.region}:${d.repository.account}:repository/*`] : []));
  const actions = [...new Set(endpoint.denials.map((d) => d.action))].map((a) => `\`${a}\``).join(' and ');
  const fix = endpoint.service === 'ecr.dkr'
    ? `${actions} on these repositories${addonRegistries.size > 0 ? ` (for the add-on images: ${code(addonRegistries)})` : ''}`
    : endpoint.service === 'ecr.api' ? `${actions} with Resource \`*\`` : `${actions} on ${code(new Set(endpoint.denials.map((d) => d.resource)))}`;
  return { denied: parts.join('; '), fix };
}
