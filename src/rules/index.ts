import type { AnyRule } from './define-rule.js';
import aksKubeletMissingAcrpull from './azure/aks-kubelet-missing-acrpull.js';
import acrPullRoleWrongIdentity from './azure/acr-pull-role-wrong-identity.js';
import acrRoleNotHonoredInRegistryMode from './azure/acr-role-not-honored-in-registry-mode.js';

/** Every rule, sorted by id. One line per rule; test/meta.test.ts checks files, docs and this list agree. */
export const rules: readonly AnyRule[] = [
  aksKubeletMissingAcrpull, // PF-AZ-001
  acrPullRoleWrongIdentity, // PF-AZ-002
  acrRoleNotHonoredInRegistryMode, // PF-AZ-003
];
