import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clustersOf } from '../../../src/analysis/clusters.js';
import { imagePulls } from '../../../src/analysis/registries.js';
import { buildGraph, lint } from '../../../src/engine/lint.js';
import { loadInputs } from '../../../src/engine/load.js';
import { translateKubernetesResource } from '../../../src/inputs/terraform-plan/kubernetes.js';
import { verdicts } from '../../helpers/graph.js';
import { k8sRules } from '../../rules/k8s/helpers.js';

/** Terraform `kubectl_manifest` (gavinbunney/kubectl): the object is the YAML text of `yaml_body`. See the fixture's PROVENANCE.md. */
const plan = fileURLToPath(new URL('../../fixtures/k8s/kubectl-manifest/plan.json', import.meta.url));

describe('kubectl_manifest in a Terraform plan', () => {
  const { loaded, errors } = loadInputs([plan]);
  const graph = buildGraph(loaded);
  const get = (address: string) => graph.byAddress(0, address)!;

  it('parses yaml_body into the Kubernetes object and picks the kind from it', () => {
    expect(errors).toEqual([]);
    expect(['web', 'worker', 'api', 'pull_secret'].map((n) => get(`kubectl_manifest.${n}`).kind)).toEqual(['k8s.workload', 'k8s.workload', 'k8s.manifest', 'k8s.secret']);
    const web = get('kubectl_manifest.web');
    const image = web.get(['spec', 'template', 'spec', 'containers', 0, 'image']);
    expect(image).toMatchObject({ known: true, value: 'myacrprod.azurecr.io/shop/web:1.0' });
    // The text has no finer pointer: findings point at the yaml_body attribute.
    expect(image!.loc.pointer).toMatch(/^\/resource_changes\/\d+\/change\/after\/yaml_body$/);
    expect(get('kubectl_manifest.worker').get(['metadata', 'namespace'])).toMatchObject({ known: true, value: 'jobs' });
  });

  it('a body interpolating an unknown value is an unknown object', () => {
    expect(get('kubectl_manifest.api').get(['spec'])).toMatchObject({ known: false });
  });

  it('joins registries and the cluster of the kubectl provider configuration', () => {
    expect(clustersOf(graph, get('kubectl_manifest.web'))).toEqual({ clusters: [get('azurerm_kubernetes_cluster.aks')], how: 'provider' });
    expect(imagePulls(graph).map((p) => `${p.workload.address} ${p.target.kind === 'acr' ? p.target.registry?.address : p.target.kind}`)).toEqual([
      'kubectl_manifest.web azurerm_container_registry.acr',
      'kubectl_manifest.worker other',
    ]);
  });

  it('a Secret body keeps its payload marked sensitive; other objects are not', () => {
    expect(get('kubectl_manifest.pull_secret').isSensitive(['data', '.dockerconfigjson'])).toBe(true);
    expect(get('kubectl_manifest.web').isSensitive(['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe(false);
  });

  it('PF-K8S-001 on the Deployment without an OS selector, PF-K8S-004 on the typo host', () => {
    const result = lint([plan], { rules: k8sRules });
    expect(verdicts(result)).toEqual({ findings: ['PF-K8S-001 warning kubectl_manifest.web', 'PF-K8S-004 error kubectl_manifest.worker'], unverified: [] });
  });
});

describe('translateKubernetesResource("kubectl_manifest")', () => {
  const body = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec:\n  containers: [{ name: p, image: nginx:1.27 }]\n';

  it('falls back to yaml_body_parsed when yaml_body is absent', () => {
    const t = translateKubernetesResource('kubectl_manifest', { yaml_body_parsed: body }, {})!;
    expect(t).toMatchObject({ kind: 'k8s.workload', attrs: { kind: 'Pod' } });
    expect(t.pointerOf(['spec', 'containers', 0, 'image'])).toBe('/yaml_body_parsed');
  });

  it('several documents, or none, or invalid YAML: an object pullfix cannot read (the provider applies exactly one)', () => {
    for (const text of [`${body}---\n${body}`, '', 'a: [unclosed']) {
      expect(translateKubernetesResource('kubectl_manifest', { yaml_body: text }, {})).toMatchObject({ kind: 'k8s.manifest', attrs: {} });
    }
  });

  it('override_namespace replaces the namespace', () => {
    expect(translateKubernetesResource('kubectl_manifest', { yaml_body: body, override_namespace: 'ops' }, {})!.attrs).toMatchObject({ metadata: { name: 'p', namespace: 'ops' } });
  });
});
