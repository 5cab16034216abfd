import { distinct, fold, workloadLandings, ASSIGN_POD_NODE, PLATFORM_PULL_ERROR, PLATFORM_TROUBLESHOOTING } from '../../analysis/platform.js';
import type { NodePool } from '../../analysis/node-pools.js';
import { ARCH_LABELS, constrains, placementMatch } from '../../analysis/scheduling.js';
import { defineRule } from '../define-rule.js';

/**
 * Pools of different CPU architectures (Graviton or Azure Arm VMs next to x86) schedule a pod
 * without an architecture constraint on either; an image built for one architecture only cannot be
 * pulled on the other ("no match for platform in manifest"). Multi-arch images are fine, which the
 * inputs cannot show (catalog NC-10): warning only.
 * https://docs.aws.amazon.com/eks/latest/userguide/choosing-instance-type.html
 * https://learn.microsoft.com/azure/aks/use-arm64-vms
 */
export default defineRule({
  meta: {
    id: 'PF-K8S-003',
    name: 'workload-arch-selector-missing',
    title: 'Mixed CPU architectures and workload without an architecture selector',
    severity: 'warning',
    category: 'platform',
    providers: ['aws', 'azure', 'kubernetes'],
    messages: {
      mixed: '`{{workload}}` has no `kubernetes.io/arch` node selector and can be scheduled on {{pools}} of cluster `{{cluster}}`; unless every image is multi-arch, the pull fails on the other architecture with "no match for platform in manifest: not found".',
      allArm: 'Every node pool of cluster `{{cluster}}` is arm64 ({{pools}}); `{{workload}}` pulls fail with "no match for platform in manifest: not found" unless its images are built for arm64 (or multi-arch).',
      noPool: '`{{workload}}` selects `{{selector}}`, which no node pool of cluster `{{cluster}}` matches ({{pools}}); its pods stay Pending.',
    },
    remediation: 'Pin the pods to the architecture their images are built for: `nodeSelector: {"kubernetes.io/arch": "amd64"}` (Terraform `node_selector = { "kubernetes.io/arch" = "amd64" }`), or publish multi-arch images (`docker buildx build --platform linux/amd64,linux/arm64`).',
    pullError: PLATFORM_PULL_ERROR,
    references: [PLATFORM_TROUBLESHOOTING, ASSIGN_POD_NODE],
  },
  check({ graph, report, cannotVerify }) {
    for (const w of workloadLandings(graph)) {
      const describe = (pools: readonly NodePool[]): string => pools.map((p) => `${p.arch ?? 'unknown-arch'} pool \`${p.name}\``).join(' and ');
      const related = (pools: readonly NodePool[]) => pools.map((p) => ({ resource: p.resource, path: p.path, note: `${p.arch} node pool \`${p.name}\`` }));
      const mixed = fold(w.clusters.map((c) => {
        if (distinct(c.pools, (p) => p.arch).length < 2) return undefined;
        const archs = distinct(c.landing, (p) => p.arch);
        return archs.length < 2 ? undefined : { c, one: archs.map((a) => c.landing.find((p) => p.arch === a)!) };
      }));
      if (mixed.all.length > 0) {
        const { c, one } = mixed.all[0]!;
        report({
          resource: w.workload,
          path: w.placement.specPath,
          messageId: 'mixed',
          data: { workload: w.workload.address, cluster: c.cluster.address, pools: describe(one) },
          related: related(one),
        });
        continue;
      }
      if (mixed.mixed) {
        cannotVerify({
          resource: w.workload,
          path: w.placement.specPath,
          reason: `\`${w.workload.address}\` has no architecture selector and would reach nodes of both architectures on some of the clusters it may be deployed to (${w.clusters.map((c) => `\`${c.cluster.address}\``).join(', ')}), and the inputs do not say which one.`,
        });
        continue;
      }
      if (constrains(w.placement, ARCH_LABELS)) {
        const selector = Object.entries(w.placement.nodeSelector).filter(([k]) => (ARCH_LABELS as readonly string[]).includes(k)).map(([k, v]) => `${k}=${v}`).join(', ') || 'its architecture node affinity';
        const none = fold(w.clusters.map((c) => (c.pools.every((p) => p.arch !== undefined
          && placementMatch(w.placement, p, { onlyKeys: ARCH_LABELS, ignoreTaints: true }) === 'no') ? c : undefined)));
        if (none.all.length > 0) {
          const c = none.all[0]!;
          report({
            resource: w.workload,
            path: w.placement.specPath,
            messageId: 'noPool',
            severity: 'note',
            data: { workload: w.workload.address, cluster: c.cluster.address, selector, pools: describe(c.pools) },
            related: related(c.pools),
          });
        }
        continue;
      }
      const arm = fold(w.clusters.map((c) => (c.landing.length > 0 && c.pools.every((p) => p.arch === 'arm64') ? c : undefined)));
      if (arm.all.length > 0) {
        const c = arm.all[0]!;
        report({
          resource: w.workload,
          path: w.placement.specPath,
          messageId: 'allArm',
          severity: 'note',
          data: { workload: w.workload.address, cluster: c.cluster.address, pools: describe(c.pools) },
          related: related(c.pools),
        });
      }
    }
  },
});
