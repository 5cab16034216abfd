import { describePools, mixedLandings, poolLocations, unmatchedSelector, workloadLandings, ASSIGN_POD_NODE, OS_AXIS, PLATFORM_PULL_ERROR, PLATFORM_TROUBLESHOOTING } from '../../analysis/platform.js';
import { defineRule } from '../define-rule.js';

/**
 * A cluster with Linux and Windows pools schedules a pod without an OS constraint on either. A Linux
 * image on a Windows node (or the reverse) cannot be pulled: containerd finds no manifest for the
 * node's platform. Windows pools tainted against untolerating pods are safe (catalog trap 23).
 * https://learn.microsoft.com/azure/aks/learn/quick-windows-container-deploy-cli
 */
export default defineRule({
  meta: {
    id: 'PF-K8S-001',
    name: 'workload-os-selector-missing',
    title: 'Mixed-OS cluster and workload without an OS selector',
    severity: 'warning',
    category: 'platform',
    providers: ['aws', 'azure', 'kubernetes'],
    messages: {
      mixed: '`{{workload}}` has no `kubernetes.io/os` node selector and can be scheduled on {{pools}} of cluster `{{cluster}}`; on a node of the other OS the pull fails with "no match for platform in manifest: not found".',
      noPool: '`{{workload}}` selects `{{selector}}`, which no node pool of cluster `{{cluster}}` matches ({{pools}}); its pods stay Pending.',
    },
    remediation: 'Pin the pods to the OS their images are built for: `nodeSelector: {"kubernetes.io/os": "linux"}` (Terraform `node_selector = { "kubernetes.io/os" = "linux" }`), or taint the Windows pools (`node_taints = ["os=windows:NoSchedule"]`) and tolerate the taint only in Windows workloads.',
    pullError: PLATFORM_PULL_ERROR,
    references: [PLATFORM_TROUBLESHOOTING, ASSIGN_POD_NODE],
  },
  check({ graph, report, cannotVerify }) {
    for (const w of workloadLandings(graph)) {
      const mixed = mixedLandings(w, OS_AXIS);
      if (mixed.all.length > 0) {
        const { c, one } = mixed.all[0]!;
        report({
          resource: w.workload,
          path: w.placement.specPath,
          messageId: 'mixed',
          data: { workload: w.workload.address, cluster: c.cluster.address, pools: describePools(one, OS_AXIS) },
          related: poolLocations(one, OS_AXIS),
        });
        continue;
      }
      if (mixed.mixed) {
        cannotVerify({
          resource: w.workload,
          path: w.placement.specPath,
          reason: `\`${w.workload.address}\` has no OS selector and would reach nodes of both OSes on some of the clusters it may be deployed to (${w.clusters.map((c) => `\`${c.cluster.address}\``).join(', ')}), and the inputs do not say which one.`,
        });
        continue;
      }
      const unmatched = unmatchedSelector(w, OS_AXIS);
      if (!unmatched) continue;
      const { selector, none } = unmatched;
      if (none.all.length > 0) {
        const c = none.all[0]!;
        report({
          resource: w.workload,
          path: w.placement.specPath,
          messageId: 'noPool',
          severity: 'note',
          data: { workload: w.workload.address, cluster: c.cluster.address, selector, pools: describePools(c.pools, OS_AXIS) },
          related: poolLocations(c.pools, OS_AXIS),
        });
      }
    }
  },
});
