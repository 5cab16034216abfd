import { passwordExpiry, passwordsBehind } from '../../analysis/azure/secrets.js';
import { ACR_TROUBLESHOOTING, PULL_401 } from '../../analysis/azure/messages.js';
import { defineRule } from '../define-rule.js';

interface Options {
  /** Days before `end_date` from which a secret counts as expiring. */
  readonly expiryWindowDays: number;
}

/**
 * A service-principal cluster's kubelet authenticates to ACR with the SP secret; once the secret
 * expires, Entra refuses the token and pulls fail with 401 (seed, Cause 1 solution 2). Only
 * passwords created in the inputs carry a visible expiry (catalog NC-04).
 * https://learn.microsoft.com/azure/aks/update-credentials
 */
export default defineRule<'expired' | 'expiring', Options>({
  meta: {
    id: 'PF-AZ-005',
    name: 'aks-service-principal-secret-expired',
    title: 'Service principal secret expired or about to expire',
    severity: 'error',
    category: 'iam',
    providers: ['azure'],
    messages: {
      expired: 'The service principal secret of `{{cluster}}` comes from `{{password}}`, which expired on {{endDate}}; kubelet cannot get a registry token and pulls fail with "' + PULL_401 + '".',
      expiring: 'The service principal secret of `{{cluster}}` comes from `{{password}}`, which expires on {{endDate}} (within {{days}} days); after that, pulls fail with "' + PULL_401 + '".',
    },
    remediation: 'Rotate the secret before it expires: set a later `end_date` on the `azuread_service_principal_password` / `azuread_application_password` (or `rotate_when_changed` with a `time_rotating`) and feed it to `service_principal.client_secret`; better, move the cluster to a managed identity (`identity { type = "SystemAssigned" }`) and grant AcrPull to the kubelet identity.',
    pullError: PULL_401,
    references: ['https://learn.microsoft.com/azure/aks/update-credentials', ACR_TROUBLESHOOTING],
  },
  defaultOptions: { expiryWindowDays: 30 },
  check({ graph, now, options, report }) {
    for (const cluster of graph.ofKind('azure.aks.cluster')) {
      for (const password of passwordsBehind(graph, cluster, ['service_principal', 'client_secret'])) {
        const expiry = passwordExpiry(password, now, options.expiryWindowDays);
        if (expiry.state !== 'expired' && expiry.state !== 'expiring') continue;
        report({
          resource: password,
          path: expiry.path,
          messageId: expiry.state,
          severity: expiry.state === 'expired' ? 'error' : 'warning',
          data: { cluster: cluster.address, password: password.address, endDate: expiry.endDate!.slice(0, 10), days: options.expiryWindowDays },
          related: [{ resource: cluster, path: ['service_principal', 'client_secret'], note: 'cluster using this secret' }],
        });
      }
    }
  },
});
