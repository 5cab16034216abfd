import { describe, expect, it } from 'vitest';
import { lintResources, ref, res, verdicts } from '../../helpers/graph.js';
import aksServicePrincipalSecretExpired from '../../../src/rules/azure/aks-service-principal-secret-expired.js';
import { azureRules, lintPlan } from './helpers.js';

const now = new Date('2025-06-01T00:00:00Z');

describe('PF-AZ-004/005/006/007 on plans generated with plan.sh', () => {
  it('service-principal cluster: AcrPull on the old SP (004), expired password (005), no pull for the current SP (001)', () => {
    expect(lintPlan('sp-stale/plan.json', azureRules, now)).toEqual({
      findings: ['PF-AZ-001 warning azurerm_kubernetes_cluster.aks', 'PF-AZ-004 error azurerm_role_assignment.pull', 'PF-AZ-005 error azuread_service_principal_password.new'],
      unverified: [],
    });
  });
  it('pre-created kubelet identity without Managed Identity Operator for the control plane (006)', () => {
    expect(lintPlan('byo-no-operator/plan.json', azureRules, now)).toEqual({ findings: ['PF-AZ-006 warning azurerm_kubernetes_cluster.aks'], unverified: [] });
  });
  it('pull secret built from the admin credentials of a registry whose admin user is disabled (007)', () => {
    expect(lintPlan('admin-pull-secret/plan.json', azureRules, now)).toEqual({ findings: ['PF-AZ-007 error kubernetes_secret_v1.acr'], unverified: [] });
  });
});

const password = (attrs: Record<string, unknown>, action: 'create' | 'no-op' = 'create') => res('azuread_service_principal_password.p', attrs, { action });
const cluster = res('azurerm_kubernetes_cluster.aks', { service_principal: [{ client_id: 'app' }] }, { links: { 'service_principal.client_secret': [ref('azuread_service_principal_password.p', 'value')] } });

describe('PF-AZ-005 expiry window and clock', () => {
  it('warns inside the window, errs when expired, passes beyond the window', () => {
    const rules = [aksServicePrincipalSecretExpired];
    expect(verdicts(lintResources([cluster, password({ end_date: '2025-06-20T00:00:00Z' })], rules, now)).findings).toEqual(['PF-AZ-005 warning azuread_service_principal_password.p']);
    expect(verdicts(lintResources([cluster, password({ end_date: '2025-05-31T00:00:00Z' })], rules, now)).findings).toEqual(['PF-AZ-005 error azuread_service_principal_password.p']);
    expect(verdicts(lintResources([cluster, password({ end_date: '2026-06-01T00:00:00Z' })], rules, now)).findings).toEqual([]);
    expect(verdicts(lintResources([cluster, password({ end_date_relative: '240h' })], rules, now)).findings).toEqual(['PF-AZ-005 warning azuread_service_principal_password.p']);
  });
  it('honours the expiryWindowDays option', async () => {
    const { lintLoaded } = await import('../../../src/engine/lint.js');
    const result = lintLoaded([{ path: 't.json', parsed: { format: 'terraform-plan', resources: [cluster, password({ end_date: '2025-06-20T00:00:00Z' })] } }], [], {
      rules: [aksServicePrincipalSecretExpired], now, options: new Map([['PF-AZ-005', { expiryWindowDays: 7 }]]),
    });
    expect(result.findings).toEqual([]);
  });
  it('skips passwords whose end date is computed', () => {
    const computed = res('azuread_service_principal_password.p', {}, { unknown: { end_date: true } });
    expect(verdicts(lintResources([cluster, computed], [aksServicePrincipalSecretExpired], now))).toEqual({ findings: [], unverified: [] });
  });
});

describe('PF-AZ-006 inline', () => {
  it('fails a SystemAssigned control plane with a pre-created kubelet identity', () => {
    const uai = res('azurerm_user_assigned_identity.k', { name: 'k' }, { unknown: { id: true, principal_id: true } });
    const aks = res('azurerm_kubernetes_cluster.aks', { identity: [{ type: 'SystemAssigned' }], kubelet_identity: [{}] }, { links: { 'kubelet_identity.user_assigned_identity_id': [ref('azurerm_user_assigned_identity.k', 'id')] } });
    expect(verdicts(lintResources([uai, aks], azureRules, now)).findings).toEqual(['PF-AZ-006 warning azurerm_kubernetes_cluster.aks']);
  });
});
