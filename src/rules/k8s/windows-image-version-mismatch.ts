import { fold, windowsReleaseOfTag, workloadLandings, PLATFORM_PULL_ERROR } from '../../analysis/platform.js';
import { WINDOWS_BUILDS, type NodePool } from '../../analysis/node-pools.js';
import { pulledImages, type PulledImage } from '../../analysis/workloads.js';
import { defineRule } from '../define-rule.js';

/**
 * Windows containers share the host kernel: process-isolated containers (the only mode on AKS and
 * EKS) need an image built for the node's Windows Server release. An `ltsc2019`/`1809` image on a
 * Windows Server 2022 node fails with "no match for platform in manifest". The release is read
 * from the tag only (a heuristic), so this is never an error.
 * https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility
 */
export default defineRule({
  meta: {
    id: 'PF-K8S-002',
    name: 'windows-image-version-mismatch',
    title: 'Windows image version does not match the Windows node version',
    severity: 'warning',
    category: 'platform',
    providers: ['aws', 'azure', 'kubernetes'],
    messages: {
      mismatch: 'Container `{{container}}` of `{{workload}}` uses `{{image}}`, built for Windows Server {{imageRelease}}, but can be scheduled on Windows Server {{nodeRelease}} pool `{{pool}}` of cluster `{{cluster}}`; the pull fails with "no match for platform in manifest: not found".',
    },
    remediation: 'Use the image tag of the node\'s release (`ltsc2022` for Windows Server 2022 pools), or pin the pods to matching nodes with `nodeSelector: {"node.kubernetes.io/windows-build": "<build>"}` (10.0.17763 = 2019, 10.0.20348 = 2022).',
    pullError: PLATFORM_PULL_ERROR,
    references: ['https://learn.microsoft.com/virtualization/windowscontainers/deploy-containers/version-compatibility', 'https://learn.microsoft.com/azure/aks/windows-faq'],
  },
  check({ graph, report, cannotVerify }) {
    const byWorkload = new Map<unknown, PulledImage[]>();
    for (const image of pulledImages(graph)) byWorkload.set(image.workload, [...(byWorkload.get(image.workload) ?? []), image]);
    for (const w of workloadLandings(graph)) {
      for (const image of byWorkload.get(w.workload) ?? []) {
        if (!image.parsed?.ok || image.parsed.ref.tag === undefined) continue;
        const imageRelease = windowsReleaseOfTag(image.parsed.ref.tag);
        if (!imageRelease) continue;
        const verdicts = fold(w.clusters.map((c) => {
          const pool = c.landing.find((p: NodePool) => p.os === 'windows' && p.windowsRelease !== undefined && p.windowsRelease !== imageRelease);
          return pool ? { c, pool } : undefined;
        }));
        if (verdicts.all.length > 0) {
          const { c, pool } = verdicts.all[0]!;
          report({
            resource: w.workload,
            path: image.path,
            messageId: 'mismatch',
            data: {
              container: image.container, workload: w.workload.address, image: image.parsed.ref.raw, imageRelease,
              nodeRelease: `${pool.windowsRelease!} (build ${WINDOWS_BUILDS[pool.windowsRelease!]})`, pool: pool.name, cluster: c.cluster.address,
            },
            related: [{ resource: pool.resource, path: pool.path, note: `Windows Server ${pool.windowsRelease!} node pool \`${pool.name}\`` }],
          });
        } else if (verdicts.mixed) {
          cannotVerify({
            resource: w.workload,
            path: image.path,
            reason: `Image \`${image.parsed.ref.raw}\` targets Windows Server ${imageRelease}; some of the clusters \`${w.workload.address}\` may be deployed to run another Windows release, and the inputs do not say which cluster it is.`,
          });
        }
      }
    }
  },
});
