import { fileURLToPath } from 'node:url';
import { lint } from '../../../src/engine/lint.js';
import type { AnyRule } from '../../../src/rules/define-rule.js';
import { verdicts } from '../../helpers/graph.js';
import aksKubeletMissingAcrpull from '../../../src/rules/azure/aks-kubelet-missing-acrpull.js';
import acrPullRoleWrongIdentity from '../../../src/rules/azure/acr-pull-role-wrong-identity.js';
import acrRoleNotHonoredInRegistryMode from '../../../src/rules/azure/acr-role-not-honored-in-registry-mode.js';
import acrPullRoleStaleServicePrincipal from '../../../src/rules/azure/acr-pull-role-stale-service-principal.js';
import aksServicePrincipalSecretExpired from '../../../src/rules/azure/aks-service-principal-secret-expired.js';
import aksKubeletIdentityMiswired from '../../../src/rules/azure/aks-kubelet-identity-miswired.js';
import acrPullSecretAdminDisabled from '../../../src/rules/azure/acr-pull-secret-admin-disabled.js';

/** The Azure pack, in id order. */
export const azureRules: readonly AnyRule[] = [
  aksKubeletMissingAcrpull,
  acrPullRoleWrongIdentity,
  acrRoleNotHonoredInRegistryMode,
  acrPullRoleStaleServicePrincipal,
  aksServicePrincipalSecretExpired,
  aksKubeletIdentityMiswired,
  acrPullSecretAdminDisabled,
];

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/azure/${name}`, import.meta.url));
}

/** Lints one committed plan with some rules and returns the exact verdicts. */
export function lintPlan(name: string, rules: readonly AnyRule[] = azureRules, now?: Date): { findings: string[]; unverified: string[] } {
  const result = lint([fixture(name)], now ? { rules, now } : { rules });
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  return verdicts(result);
}
