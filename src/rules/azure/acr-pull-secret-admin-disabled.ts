import { passwordExpiry } from '../../analysis/azure/secrets.js';
import { ACR_TROUBLESHOOTING, PULL_401 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

/**
 * An image pull secret (`kubernetes.io/dockerconfigjson`) built from the registry's admin
 * credentials only works while the admin user is enabled: with `admin_enabled = false` (the
 * default) the username/password are empty or rejected, and pulls fail with 401 (seed, Cause 1
 * solutions 5–6). A secret built from an expired service-principal password fails the same way.
 * https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account
 */
export default defineRule({
  meta: {
    id: 'PF-AZ-007',
    name: 'acr-pull-secret-admin-disabled',
    title: 'Image pull secret cannot authenticate',
    severity: 'error',
    category: 'registry',
    providers: ['azure', 'kubernetes'],
    messages: {
      adminDisabled: 'Pull secret `{{secret}}` is built from the admin credentials of `{{registry}}`, but the registry\'s admin user is disabled (`admin_enabled` is not true); pulls using it fail with "' + PULL_401 + '".',
      expiredPassword: 'Pull secret `{{secret}}` is built from `{{password}}`, which expired on {{endDate}}; pulls using it fail with "' + PULL_401 + '".',
    },
    remediation: 'Set `admin_enabled = true` on the `azurerm_container_registry` (Pulumi azure-native `adminUserEnabled: true`), or better drop the pull secret and grant AcrPull to the kubelet identity; for service-principal secrets, renew the password.',
    pullError: PULL_401,
    references: ['https://learn.microsoft.com/azure/container-registry/container-registry-authentication#admin-account', ACR_TROUBLESHOOTING],
  },
  check({ graph, now, report }) {
    for (const secret of graph.ofKind('k8s.secret')) {
      const type = secret.get(['type']);
      if (!type?.known || type.value !== 'kubernetes.io/dockerconfigjson') continue;
      const seen = new Set<string>();
      for (const [attribute, links] of secret.linkedAttributes()) {
        for (const link of links) {
          const target = graph.byAddress(secret, link.address);
          if (!target || seen.has(target.key)) continue;
          const path = attribute.split('.');
          if (target.kind === 'azure.acr.registry' && /^admin_(username|password)$/.test(String(link.attribute[0]))) {
            seen.add(target.key);
            const enabled = target.get(['admin_enabled']);
            if (enabled !== undefined && (!enabled.known || enabled.value === true)) continue;
            report({ resource: secret, path, messageId: 'adminDisabled', data: { secret: secret.address, registry: target.address }, related: [{ resource: target, path: ['admin_enabled'], note: 'registry with the admin user disabled' }] });
          } else if (target.kind === 'azure.ad.serviceprincipalpassword' || target.kind === 'azure.ad.applicationpassword') {
            seen.add(target.key);
            const expiry = passwordExpiry(target, now, 0);
            if (expiry.state !== 'expired') continue;
            report({ resource: secret, path, messageId: 'expiredPassword', data: { secret: secret.address, password: target.address, endDate: expiry.endDate!.slice(0, 10) }, related: [{ resource: target, path: expiry.path, note: 'expired password' }] });
          }
        }
      }
    }
  },
});
