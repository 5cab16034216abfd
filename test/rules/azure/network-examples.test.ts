import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/engine/lint.js';
import { rules } from '../../../src/rules/index.js';

/** The Azure seed scenarios under examples/: broken fires exactly expected.json, fixed fires nothing. */
const SCENARIOS = [
  'aks-kubelet-missing-acrpull', 'aks-acrpull-on-control-plane-identity', 'acr-abac-mode-acrpull', 'aks-service-principal-stale',
  'acr-private-dns-zone-unlinked', 'acr-firewall-excludes-aks-egress', 'acr-private-endpoint-no-peering', 'aks-firewall-blocks-acr',
];

const dir = (name: string) => fileURLToPath(new URL(`../../../examples/${name}/`, import.meta.url));
const firing = (plan: string) => {
  const result = lint([plan], { rules });
  if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors));
  return { ids: [...new Set(result.findings.map((f) => f.ruleId))].sort(), unverified: result.unverified.map((u) => u.ruleId) };
};

describe('Azure examples', () => {
  for (const name of SCENARIOS) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(`${dir(name)}expected.json`, 'utf8')) as { broken: string[]; fixed: string[] };
      expect(firing(`${dir(name)}terraform/broken/plan.json`)).toEqual({ ids: [...expected.broken].sort(), unverified: [] });
      expect(firing(`${dir(name)}terraform/fixed/plan.json`)).toEqual({ ids: expected.fixed, unverified: [] });
    });
  }
});
