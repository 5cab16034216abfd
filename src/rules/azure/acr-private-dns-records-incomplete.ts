import { recordIssues } from '../../analysis/azure/private-path.js';
import { publicAccess, registryEndpoints } from '../../analysis/azure/network.js';
import { ACR_PRIVATE_LINK, PULL_403, PULL_TIMEOUT } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * A registry private endpoint has two kinds of FQDN: the REST endpoint `<registry>.azurecr.io` and
 * a data endpoint `<registry>.<region>.data.azurecr.io` per region (home and each geo-replica), where
 * layers are downloaded. A `private_dns_zone_group` makes Azure write all of them into the zone;
 * without one, each needs an A record in `privatelink.azurecr.io`. A missing data record sends blob
 * downloads to the public address (403) or nowhere (timeout); a zone group aimed at another zone
 * never answers the registry's names.
 * https://learn.microsoft.com/azure/container-registry/container-registry-private-link#dns-configuration-options
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-009',
    name: 'acr-private-dns-records-incomplete',
    title: 'Registry private endpoint DNS records incomplete',
    severity: 'error',
    category: 'network',
    providers: ['azure'],
    messages: {
      missing: 'Private endpoint `{{endpoint}}` of registry `{{registry}}` has no `private_dns_zone_group` and the `privatelink.azurecr.io` zone lacks A records {{names}}; clients resolve those names publicly and pulls fail with "' + PULL_403 + '" or "' + PULL_TIMEOUT + '".',
      missingOpen: 'Private endpoint `{{endpoint}}` of registry `{{registry}}` has no `private_dns_zone_group` and the `privatelink.azurecr.io` zone lacks A records {{names}}; pulls use the public endpoint instead, and fail with "' + PULL_403 + '" once public access is restricted.',
      wrongZone: 'Private endpoint `{{endpoint}}` of registry `{{registry}}` registers its records in zone `{{zone}}`, which is not `privatelink.azurecr.io` (or `.cn` / `.us`); the registry name never resolves to the private endpoint and pulls fail with "' + PULL_403 + '".',
    },
    remediation: 'Add `private_dns_zone_group { private_dns_zone_ids = [azurerm_private_dns_zone.acr.id] }` to the `azurerm_private_endpoint`, with the zone named `privatelink.azurecr.io` (Pulumi azure-native `network.PrivateDnsZoneGroup`); with manual records, add `azurerm_private_dns_a_record`s for `<registry>` and `<registry>.<region>.data` and one `<registry>.<replica-region>.data` per geo-replica.',
    pullError: PULL_403,
    references: [ACR_PRIVATE_LINK, 'https://learn.microsoft.com/azure/private-link/private-endpoint-dns#containers'],
  },
  check({ graph, report, cannotVerify }) {
    for (const registry of graph.ofKind('azure.acr.registry')) {
      if (registry.mode !== 'managed') continue;
      const open = publicAccess(registry).state === 'open';
      for (const endpoint of registryEndpoints(graph, registry)) {
        const related = [{ resource: registry, note: 'registry' }];
        for (const issue of recordIssues(graph, registry, endpoint)) {
          if (issue.kind === 'unknown') {
            cannotVerify({ resource: endpoint, path: ['private_dns_zone_group'], reason: `Cannot tell whether the DNS records of \`${endpoint.address}\` are complete: ${issue.reason}.`, related });
          } else if (issue.kind === 'wrong-zone') {
            report({ resource: endpoint, path: ['private_dns_zone_group', 0, 'private_dns_zone_ids'], messageId: 'wrongZone', data: { endpoint: endpoint.address, registry: registry.address, zone: issue.zone }, related: [...related, ...(issue.zoneResource ? [{ resource: issue.zoneResource, note: 'zone used' }] : [])] });
          } else {
            // Nothing at all may mean Azure Policy adds the zone group after deployment (catalog trap 20).
            const severity = open ? 'note' : issue.none ? 'warning' : 'error';
            report({ resource: endpoint, path: ['private_dns_zone_group'], messageId: open ? 'missingOpen' : 'missing', severity, data: { endpoint: endpoint.address, registry: registry.address, names: issue.names.map((n) => `\`${n}\``).join(', ') }, related });
          }
        }
      }
    }
  },
});
