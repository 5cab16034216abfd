import { str } from '../../analysis/attributes.js';
import { internetEgress } from '../../analysis/aws-network/egress.js';
import { accountOf } from '../../analysis/iam/aws-context.js';
import { evaluate } from '../../analysis/iam/evaluate.js';
import { rolePulls, type RolePull } from '../../analysis/iam/node-pull.js';
import { conditionsHold, actionMatches, resourceMatches, triOr, type Tri } from '../../analysis/iam/policy.js';
import { principalMatches, repositoryPolicyViews } from '../../analysis/iam/resource-policy.js';
import { policyDocumentAt } from '../../analysis/iam/role-policies.js';
import type { RequiredRepository } from '../../analysis/ecr.js';
import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { defineRule } from '../define-rule.js';

/**
 * Pulling `<registry>/<prefix>/<upstream path>` through a pull-through cache rule makes ECR import the
 * image on first pull, with the puller's permissions: ecr:BatchImportUpstreamImage (identity, registry
 * or repository policy) and ecr:CreateRepository when the cache repository does not exist yet. The
 * first pull also needs a path to the upstream registry (NAT), which VPC endpoints do not give.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-022',
    name: 'ecr-pull-through-cache-prerequisites-missing',
    title: 'Pull-through cache prerequisites missing',
    severity: 'error',
    category: 'registry',
    providers: ['aws'],
    messages: {
      noImport: 'Image `{{image}}` goes through pull-through cache rule `{{rule}}`, but role `{{role}}` of `{{nodes}}` is not allowed `ecr:BatchImportUpstreamImage` on `{{repository}}`: the first pull fails with "not authorized to perform: ecr:BatchImportUpstreamImage". Attach AmazonEC2ContainerRegistryPullOnly (AmazonEC2ContainerRegistryReadOnly lacks this action) or grant it in the registry policy.',
      noCreate: 'Image `{{image}}` goes through pull-through cache rule `{{rule}}` and its cache repository `{{repositoryName}}` does not exist in these inputs, but role `{{role}}` of `{{nodes}}` is not allowed `ecr:CreateRepository`: the first pull fails until the repository exists. Grant `ecr:CreateRepository` (identity or registry policy) or create the repository.',
      noInternet: 'Image `{{image}}` goes through pull-through cache rule `{{rule}}`, but the subnets of `{{nodes}}` have no internet egress: ECR needs a NAT path for the first pull through a pull-through cache rule; VPC endpoints alone end in a timeout. Add a NAT gateway route, or pre-populate the cache.',
      secretName: 'Pull-through cache rule `{{rule}}` uses credential `{{secret}}`, whose name does not start with `ecr-pullthroughcache/`: ECR only reads upstream credentials from Secrets Manager secrets with that prefix, so pulls of uncached images fail.',
    },
    remediation: 'Give the node role AmazonEC2ContainerRegistryPullOnly plus `ecr:CreateRepository` (or create the cache repositories up front), keep a NAT path for the first pull, and name the upstream credential secret `ecr-pullthroughcache/<name>`.',
    pullError: 'denied: User: arn:aws:sts::<account>:assumed-role/<node-role> is not authorized to perform: ecr:BatchImportUpstreamImage on resource: arn:aws:ecr:REGION:ACCOUNT:repository/<prefix>/<image>',
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-creating-secret.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    const rules = graph.ofKind('aws.ecr.pullthroughcacherule').filter((r) => r.mode === 'managed');
    if (rules.length === 0) return;
    for (const rule of rules) {
      const secret = rule.get(['credential_arn']);
      if (secret?.known && typeof secret.value === 'string' && secret.value !== '' && !/:secret:ecr-pullthroughcache\//.test(secret.value)) {
        report({ resource: rule, path: ['credential_arn'], messageId: 'secretName', severity: 'warning', data: { rule: rule.address, secret: secret.value } });
      }
    }
    for (const pull of rolePulls(graph)) {
      let internetChecked = false;
      for (const repository of pull.repositories) {
        if (repository.origin !== 'image') continue;
        const rule = rules.find((r) => matchesRule(graph, r, repository));
        if (!rule) continue;
        const image = repository.images[0]!.parsed?.ok ? repository.images[0]!.parsed.ref.raw : repository.repository;
        const data = { image, rule: rule.address, role: pull.role.address, nodes: pull.set.resource.address, repository: repository.arn, repositoryName: repository.repository };
        const related = [{ resource: pull.role, note: 'node role' }, { resource: rule, note: 'pull-through cache rule' }, ...repository.images.map((i) => ({ resource: i.workload, path: i.path, note: 'image pulled here' }))];
        const target = { resource: pull.set.role.source.resource, path: pull.set.role.source.path };
        const importing = allowedAnywhere(graph, pull, repository, 'ecr:BatchImportUpstreamImage', true);
        if (importing === 'no') report({ ...target, messageId: 'noImport', data, related });
        else if (importing === 'unknown') cannotVerify({ ...target, reason: `Cannot tell whether role \`${pull.role.address}\` may call ecr:BatchImportUpstreamImage for \`${repository.arn}\`: a policy that could grant it cannot be read.` });
        if (!repository.repositoryResource) {
          const creating = allowedAnywhere(graph, pull, repository, 'ecr:CreateRepository', false);
          if (creating === 'no') report({ ...target, messageId: 'noCreate', severity: 'warning', data, related });
        }
        if (!internetChecked) {
          internetChecked = true;
          if (noInternet(graph, pull)) report({ resource: pull.set.resource, path: pull.set.subnetsPath, messageId: 'noInternet', severity: 'warning', data, related });
        }
      }
    }
  },
});

function matchesRule(graph: ResourceGraph, rule: Resource, repository: RequiredRepository): boolean {
  const prefix = str(rule, ['ecr_repository_prefix']);
  if (!prefix || !repository.repository.startsWith(`${prefix}/`)) return false;
  const account = accountOf(graph, rule) ?? str(rule, ['registry_id']);
  return account === undefined || account === repository.account;
}

/** Identity policy, registry policy or (for the import) repository policy grants the action. */
function allowedAnywhere(graph: ResourceGraph, pull: RolePull, repository: RequiredRepository, action: string, repositoryPolicy: boolean): Tri {
  const identity = evaluate(pull.policies, { action, resource: repository.arn });
  if (identity.effective === 'yes') return 'yes';
  let result: Tri = identity.effective === 'unknown' ? 'unknown' : 'no';
  const { roleArn, roleAccount } = pull;
  const documents = graph.ofKind('aws.ecr.registrypolicy').map((p) => policyDocumentAt(graph, p, ['policy']));
  if (repositoryPolicy) for (const view of repositoryPolicyViews(graph, repository)) documents.push(view.document ? { document: view.document } : { unreadable: view.unreadable ?? '', external: false });
  for (const doc of documents) {
    if (!('document' in doc)) { result = triOr(result, 'unknown'); continue; }
    for (const statement of doc.document.statements) {
      if (statement.effect !== 'Allow' || !actionMatches(statement, action) || !resourceMatches(statement, repository.arn)) continue;
      const principal = principalMatches(statement.principal, roleArn, roleAccount);
      if (principal === 'no') continue;
      const holds = conditionsHold(statement, {});
      result = triOr(result, principal === 'yes' && holds === 'yes' ? 'yes' : 'unknown');
    }
  }
  return result;
}

/** The node set has no internet egress in any of its subnets (definitely, not unknown). */
function noInternet(graph: ResourceGraph, pull: RolePull): boolean {
  const subnets = pull.set.subnets;
  if (subnets.status !== 'resolved' || subnets.resources.length === 0 || subnets.external.length > 0) return false;
  return subnets.resources.every((subnet) => internetEgress(graph, pull.set, subnet).status === 'no');
}
