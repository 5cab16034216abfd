import { describePools, fold, mixedLandings, poolLocations, unmatchedSelector, workloadLandings, ARCH_AXIS, ASSIGN_POD_NODE, PLATFORM_PULL_ERROR, PLATFORM_TROUBLESHOOTING } from '../../analysis/platform.js';
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
      const mixed = mixedLandings(w, ARCH_AXIS);
      if (mixed.all.length > 0) {
        const { c, one } = mixed.all[0]!;
        report({
          resource: w.workload,
          path: w.placement.specPath,
          messageId: 'mixed',
          data: { workload: w.workload.address, cluster: c.cluster.address, pools: describePools(one, ARCH_AXIS) },
          related: poolLocations(one, ARCH_AXIS),
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
      const unmatched = unmatchedSelector(w, ARCH_AXIS);
      if (unmatched) {
        const { selector, none } = unmatched;
        if (none.all.length > 0) {
          const c = none.all[0]!;
          report({
            resource: w.workload,
            path: w.placement.specPath,
            messageId: 'noPool',
            severity: 'note',
            data: { workload: w.workload.address, cluster: c.cluster.address, selector, pools: describePools(c.pools, ARCH_AXIS) },
            related: poolLocations(c.pools, ARCH_AXIS),
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
          data: { workload: w.workload.address, cluster: c.cluster.address, pools: describePools(c.pools, ARCH_AXIS) },
          related: poolLocations(c.pools, ARCH_AXIS),
        });
      }
    }
  },
});
