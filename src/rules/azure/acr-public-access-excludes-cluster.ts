import { clusterEgress, registryIpRules, sourceAllowed } from '../../analysis/azure/egress.js';
import { publicAccess } from '../../analysis/azure/network.js';
import { privatePath } from '../../analysis/azure/private-path.js';
import { clusterRegistryPairs, unverifiedOncePerInferredCluster } from '../../analysis/azure/registries.js';
import { ACR_FIREWALL, ACR_TROUBLESHOOTING, PULL_403 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * Without a working private path, nodes reach the registry's public endpoint from the cluster's
 * outbound public IPs. `public_network_access_enabled = false` refuses them all; a
 * `network_rule_set` with `default_action = "Deny"` admits only its `ip_rule` ranges. The trusted
 * services bypass (`network_rule_bypass_option = "AzureServices"`) covers Azure services such as
 * ACR Tasks, not AKS nodes (seed, Cause 3 solution 2).
 * https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-010',
    name: 'acr-public-access-excludes-cluster',
    title: 'Registry public access excludes the cluster',
    severity: 'error',
    category: 'network',
    providers: ['azure'],
    messages: {
      disabled: 'Registry `{{registry}}` disables public network access, and `{{cluster}}` has {{private}}; pulls fail with "' + PULL_403 + '".',
      notAllowed: 'Registry `{{registry}}` denies public access by default (`network_rule_set.default_action = "Deny"`) and no `ip_rule` admits the egress address {{sources}} of `{{cluster}}` (outbound type `{{outboundType}}`), which has {{private}}; the `AzureServices` bypass does not cover AKS nodes, so pulls fail with "' + PULL_403 + '".',
    },
    remediation: 'Add the cluster\'s outbound IPs to the registry firewall: `network_rule_set { default_action = "Deny" ip_rule { action = "Allow" ip_range = "${azurerm_public_ip.egress.ip_address}/32" } }` (Pulumi azure-native `networkRuleSet.ipRules[{ iPAddressOrRange }]`), with `public_network_access_enabled = true`; or give the cluster a private path (private endpoint, `privatelink.azurecr.io` zone linked to the node VNet, peering).',
    pullError: PULL_403,
    references: [ACR_FIREWALL, ACR_TROUBLESHOOTING, 'https://learn.microsoft.com/azure/aks/egress-outboundtype'],
  },
  check({ graph, report, cannotVerify }) {
    const cannotVerifyPair = unverifiedOncePerInferredCluster(cannotVerify);
    for (const { cluster, pulled } of clusterRegistryPairs(graph)) {
      const { registry } = pulled;
      if (registry.mode !== 'managed') continue;
      const access = publicAccess(registry);
      if (access.state === 'open') continue;
      const priv = privatePath(graph, cluster, registry);
      if (priv === 'yes') continue;
      const related = [{ resource: cluster, note: 'cluster pulling from the registry' }];
      const privateText = priv === 'none' ? 'no private endpoint to it' : 'no working private path to it (see the private endpoint findings)';
      const privateUnknown = priv === 'unknown' ? ' and whether its private endpoint path works is not decidable from the inputs' : '';
      if (access.state === 'unknown') {
        cannotVerifyPair(cluster, pulled, { resource: registry, path: access.path, reason: `Cannot tell whether \`${cluster.address}\` may reach \`${registry.address}\` over its public endpoint: the registry's network access settings are computed${privateUnknown}.`, related });
        continue;
      }
      if (access.state === 'disabled') {
        if (priv === 'unknown') {
          cannotVerifyPair(cluster, pulled, { resource: registry, path: access.path, reason: `Registry \`${registry.address}\` disables public access, and whether \`${cluster.address}\` reaches its private endpoint is not decidable from the inputs.`, related });
          continue;
        }
        report({ resource: registry, path: access.path, messageId: 'disabled', data: { registry: registry.address, cluster: cluster.address, private: privateText }, related });
        continue;
      }
      const rules = registryIpRules(registry);
      const egress = clusterEgress(graph, cluster);
      if (!rules) {
        cannotVerifyPair(cluster, pulled, { resource: registry, path: ['network_rule_set'], reason: `Cannot tell whether \`${registry.address}\` admits \`${cluster.address}\`: its \`ip_rule\` ranges are computed.`, related });
        continue;
      }
      if (egress.state === 'unknown') {
        cannotVerifyPair(cluster, pulled, { resource: cluster, path: ['network_profile'], reason: `Cannot tell whether registry \`${registry.address}\` (default action Deny) admits the egress IPs of \`${cluster.address}\`: ${egress.reason}.`, related: [{ resource: registry, path: ['network_rule_set'], note: 'registry firewall' }] });
        continue;
      }
      const verdicts = egress.sources.map((s) => ({ source: s, allowed: sourceAllowed(s, rules.ranges) }));
      const denied = verdicts.filter((v) => v.allowed === false);
      if (denied.length === 0) {
        const open = verdicts.filter((v) => v.allowed === undefined);
        if (open.length > 0) {
          cannotVerifyPair(cluster, pulled, { resource: cluster, path: ['network_profile'], reason: `Cannot tell whether registry \`${registry.address}\` (default action Deny) admits the egress IPs of \`${cluster.address}\`: the address of ${open.map((v) => v.source.label).join(', ')} is only known after apply.`, related: [{ resource: registry, path: ['network_rule_set'], note: 'registry firewall' }] });
        }
        continue;
      }
      if (priv === 'unknown') {
        cannotVerifyPair(cluster, pulled, { resource: registry, path: access.path, reason: `Registry \`${registry.address}\` does not admit the egress IPs of \`${cluster.address}\`, and whether its private endpoint path works is not decidable from the inputs.`, related });
        continue;
      }
      report({
        resource: registry,
        path: access.path,
        messageId: 'notAllowed',
        data: { registry: registry.address, cluster: cluster.address, sources: denied.map((d) => d.source.label).join(', '), outboundType: egress.outboundType, private: privateText },
        related: [...related, ...denied.flatMap((d) => (d.source.resource ? [{ resource: d.source.resource, note: 'egress address not admitted' }] : []))],
      });
    }
  },
});
