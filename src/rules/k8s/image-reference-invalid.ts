import { kubeletPrincipal } from '../../analysis/azure/principals.js';
import { checkAssignments, kubeletHasPullAssignment } from '../../analysis/azure/rbac.js';
import { clustersOf } from '../../analysis/clusters.js';
import { registryHostProblem } from '../../analysis/image-ref.js';
import { ecrRepositories, imagePulls } from '../../analysis/registries.js';
import type { ResourceGraph } from '../../graph/graph.js';
import type { Resource } from '../../graph/resource.js';
import { defineRule } from '../define-rule.js';

/** containerd's error for an image the registry does not have (seed article, "Cause 2"). */
const NOT_FOUND = 'failed to pull and unpack image "<image>": failed to resolve reference "<image>": <image>: not found';

/** Plan registries the kubelet of a cluster can pull from (a pull role assignment the inputs show as granted). */
function grantedRegistries(graph: ResourceGraph, cluster: Resource): Resource[] {
  const kubelet = kubeletPrincipal(graph, cluster);
  return graph.ofKind('azure.acr.registry')
    .filter((r) => r.mode === 'managed' && kubeletHasPullAssignment(checkAssignments(graph, kubelet, r)).result === 'yes');
}

/**
 * Image references the runtime cannot resolve: malformed references (uppercase repositories are
 * "invalid reference format"), registry hosts that cannot exist (`azureacr.io` instead of
 * `azurecr.io` — seed "Cause 2" — malformed ECR hosts), and, as warnings, registry hosts that name
 * none of the registries the cluster is granted pull on in the inputs (a wrong registry name).
 * Tag existence is not checked (catalog NC-01).
 * https://github.com/distribution/reference/blob/main/reference.go
 */
export default defineRule({
  meta: {
    id: 'PF-K8S-004',
    name: 'image-reference-invalid',
    title: 'Malformed image reference or registry host typo',
    severity: 'error',
    category: 'image-ref',
    providers: ['aws', 'azure', 'kubernetes'],
    messages: {
      malformed: 'Container `{{container}}` of `{{workload}}` has image `{{image}}`, which is not a valid image reference: {{problem}}; the kubelet refuses it (`InvalidImageName`) and the pod never starts.',
      hostTypo: 'Container `{{container}}` of `{{workload}}` pulls `{{image}}`, whose registry host `{{host}}` {{problem}}; no registry answers there, so the pull fails with "failed to resolve reference … not found" (or 401 Unauthorized from the anonymous attempt AKS always makes).',
      ecrHost: 'Container `{{container}}` of `{{workload}}` pulls `{{image}}`, whose registry host `{{host}}` {{problem}}; no ECR registry answers there, so the pull fails with "failed to resolve reference … not found" or a connection error.',
      acrNotInInputs: 'Container `{{container}}` of `{{workload}}` pulls from `{{host}}`, which is none of the registries cluster `{{cluster}}` may pull from in the inputs ({{registries}}); a misspelt registry name fails with "not found" or 401 Unauthorized.',
      ecrRegion: 'Container `{{container}}` of `{{workload}}` pulls from ECR account `{{account}}` in `{{region}}`, but the inputs create that account\'s repositories in {{regions}}; a wrong region fails with "not found" or "repository does not exist".',
    },
    remediation: 'Build the image reference from the registry itself: Terraform `"${azurerm_container_registry.acr.login_server}/web:1.0"` or `"${aws_ecr_repository.app.repository_url}:1.0"`; ACR hosts end with `.azurecr.io` (`.azurecr.cn`, `.azurecr.us`), ECR hosts read `<account>.dkr.ecr.<region>.amazonaws.com`; repository names are lower-case.',
    pullError: NOT_FOUND,
    references: [
      'https://learn.microsoft.com/troubleshoot/azure/azure-kubernetes/connectivity/cannot-pull-image-from-acr-to-aks-cluster#cause-2-image-not-found-error',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/docker-pull-ecr-image.html',
    ],
  },
  check({ graph, report, cannotVerify }) {
    const granted = new Map<Resource, Resource[]>();
    const grantedFor = (cluster: Resource): Resource[] => {
      let list = granted.get(cluster);
      if (!list) granted.set(cluster, (list = grantedRegistries(graph, cluster)));
      return list;
    };
    for (const pull of imagePulls(graph)) {
      const base = { container: pull.container, workload: pull.workload.address };
      if (!pull.image.known) {
        if (pull.target.kind !== 'unknown') continue; // resolved through a reference to a registry of the inputs
        cannotVerify({
          resource: pull.workload,
          path: pull.path,
          why: pull.image.why,
          reason: `The image of container \`${pull.container}\` is ${pull.image.why === 'computed' ? 'computed at apply time' : 'not readable from the input'} and no reference ties it to a registry of the inputs, so its registry host and repository could not be checked.`,
        });
        continue;
      }
      if (typeof pull.image.value !== 'string' || !pull.parsed) continue;
      if (!pull.parsed.ok) {
        report({ resource: pull.workload, path: pull.path, messageId: 'malformed', data: { ...base, image: pull.image.value, problem: pull.parsed.problem } });
        continue;
      }
      const ref = pull.parsed.ref;
      const hostProblem = ref.explicitHost ? registryHostProblem(ref.host) : undefined;
      if (hostProblem) {
        report({ resource: pull.workload, path: pull.path, messageId: hostProblem.registry === 'acr' ? 'hostTypo' : 'ecrHost', data: { ...base, image: ref.raw, host: ref.host, problem: hostProblem.problem } });
        continue;
      }
      const target = pull.target;
      if (target.kind === 'acr' && target.registry === undefined) {
        // Only a sign of a typo when the cluster is granted pull on registries of the inputs: it pulls from there, not from elsewhere.
        const association = clustersOf(graph, pull.workload);
        const aks = association.clusters.filter((c) => c.kind === 'azure.aks.cluster');
        if (aks.length === 0 || aks.length !== association.clusters.length) continue;
        const perCluster = aks.map((c) => ({ c, registries: grantedFor(c) }));
        if (perCluster.some((p) => p.registries.length === 0)) continue;
        const { c, registries } = perCluster[0]!;
        report({
          resource: pull.workload,
          path: pull.path,
          messageId: 'acrNotInInputs',
          severity: 'warning',
          data: { ...base, host: ref.host, cluster: c.address, registries: registries.map((r) => `\`${String(r.attrs.login_server ?? r.attrs.name ?? r.address)}\``).join(', ') },
          related: registries.map((r) => ({ resource: r, note: 'registry the cluster is granted pull on' })),
        });
        continue;
      }
      if (target.kind === 'ecr' && target.repository === undefined && target.account && target.region) {
        const sameAccount = ecrRepositories(graph).filter((r) => r.account === target.account && r.region !== undefined);
        if (sameAccount.length === 0 || sameAccount.some((r) => r.region === target.region)) continue;
        const regions = [...new Set(sameAccount.map((r) => r.region!))];
        report({
          resource: pull.workload,
          path: pull.path,
          messageId: 'ecrRegion',
          severity: 'warning',
          data: { ...base, account: target.account, region: target.region, regions: regions.map((r) => `\`${r}\``).join(', ') },
          related: sameAccount.map((r) => ({ resource: r.resource, note: `ECR repository in ${r.region!}` })),
        });
      }
    }
  },
});
