import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGraph, lint } from '../../../src/engine/lint.js';
import { loadInputs } from '../../../src/engine/load.js';
import { cdktfParser, tokenReferences } from '../../../src/inputs/cdktf/parse.js';
import { synthAksApp } from './aks-app.js';

const dir = mkdtempSync(join(tmpdir(), 'pullfix-cdktf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const out = (variant: 'broken' | 'fixed' | 'wrong-identity'): string => {
  const outdir = join(dir, variant);
  synthAksApp(outdir, variant);
  return outdir;
};
const broken = out('broken');
const fixed = out('fixed');
const wrong = out('wrong-identity');

describe('cdktf synth output', () => {
  it('parses token references, including indexes and function arguments', () => {
    expect(tokenReferences('${azurerm_kubernetes_cluster.aks.kubelet_identity[0].object_id}')).toEqual([
      { address: 'azurerm_kubernetes_cluster.aks', attribute: ['kubelet_identity', 0, 'object_id'] },
    ]);
    expect(tokenReferences('${jsonencode(aws_iam_role.node_ABC.arn)}/x ${var.y} ${data.aws_region.current.name}')).toEqual([
      { address: 'aws_iam_role.node_ABC', attribute: ['arn'] },
      { address: 'data.aws_region.current', attribute: ['name'] },
    ]);
  });

  it('reads a cdktf.out folder (manifest.json) into the azurerm vocabulary with links', () => {
    expect(cdktfParser.acceptsDirectory!(fixed)).toBe(true);
    const { loaded, errors } = loadInputs([fixed]);
    expect(errors).toEqual([]);
    expect(loaded[0]!.parsed.format).toBe('cdktf');
    const graph = buildGraph(loaded);
    expect(graph.all().map((r) => `${r.kind} ${r.address}`)).toEqual([
      'azure.acr.registry azurerm_container_registry.acr',
      'azure.aks.cluster azurerm_kubernetes_cluster.aks',
      'azure.resources.resourcegroup azurerm_resource_group.rg',
      'azure.authorization.roleassignment azurerm_role_assignment.aks-acrpull',
    ]);
    const acr = graph.ofKind('azure.acr.registry')[0]!;
    expect(acr.attrs).toMatchObject({ name: 'pullfixdemoacr', sku: 'Standard', admin_enabled: false, tags: { costCenter: 'demo' } });
    expect(acr.get(['resource_group_name'])).toMatchObject({ known: false, why: 'computed' });
    expect(acr.get(['login_server'])).toMatchObject({ known: false });
    expect(acr.displayPath).toBe('aks/acr');
    expect(acr.context).toEqual({ azureSubscriptionId: '00000000-0000-0000-0000-000000000000' });
    const aks = graph.ofKind('azure.aks.cluster')[0]!;
    expect(aks.get(['default_node_pool', 0, 'vm_size'])).toMatchObject({ value: 'Standard_D4s_v5', loc: { pointer: '/resource/azurerm_kubernetes_cluster/aks/default_node_pool/vm_size' } });
    expect(aks.get(['identity', 'type'])).toMatchObject({ value: 'SystemAssigned' });
    expect(aks.get(['kubelet_identity', 'object_id'])).toMatchObject({ known: false });
    const ra = graph.ofKind('azure.authorization.roleassignment')[0]!;
    expect(ra.attrs.role_definition_name).toBe('AcrPull');
    expect(ra.links(['principal_id'])).toEqual([{ address: 'azurerm_kubernetes_cluster.aks', attribute: ['kubelet_identity', 0, 'object_id'], ambiguous: false }]);
    expect(graph.resolve(ra, ['scope'], ['azure.acr.registry']).map((r) => `${r.via} ${r.attribute.join('.')} ${r.resource.address}`))
      .toEqual(['reference id azurerm_container_registry.acr']);
  });

  it('reads one stack file on its own', () => {
    const file = `${fixed}/stacks/aks/cdk.tf.json`;
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(cdktfParser.accepts({ path: file, json })).toBe(true);
    expect(cdktfParser.parse({ path: file, json }).resources).toHaveLength(4);
  });

  it('lints the synthesized apps: no AcrPull → PF-AZ-001; AcrPull to the kubelet identity → clean', () => {
    const findings = (path: string): string[] => lint([path]).findings.map((f) => `${f.ruleId} ${f.resource.address}`);
    expect(findings(broken)).toContain('PF-AZ-001 azurerm_kubernetes_cluster.aks');
    expect(findings(fixed)).toEqual([]);
    expect(findings(wrong)).toContain('PF-AZ-002 azurerm_role_assignment.aks-acrpull');
  });
});
