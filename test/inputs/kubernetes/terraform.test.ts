import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadInputs } from '../../../src/engine/load.js';
import { buildGraph } from '../../../src/engine/lint.js';
import { translateKubernetesResource, withKubernetesShape } from '../../../src/inputs/terraform-plan/kubernetes.js';
import { clustersOf } from '../../../src/analysis/clusters.js';
import { imagePulls } from '../../../src/analysis/registries.js';

const plan = fileURLToPath(new URL('../../fixtures/k8s/aks-mixed-os/plan.json', import.meta.url));

describe('Terraform kubernetes_* resources as Kubernetes API objects', () => {
  const { loaded } = loadInputs([plan]);
  const graph = buildGraph(loaded);
  const api = graph.byAddress(0, 'kubernetes_deployment_v1.api')!;

  test('kind, API shape, and pointers back to the Terraform attribute', () => {
    expect(api.kind).toBe('k8s.workload');
    expect(api.attrs.apiVersion).toBe('apps/v1');
    expect(api.attrs.kind).toBe('Deployment');
    const image = api.get(['spec', 'template', 'spec', 'initContainers', 0, 'image']);
    expect(image).toMatchObject({ known: true, value: 'myacrprod.azureacr.io/migrate:1.0' });
    expect(image!.loc.pointer).toMatch(/^\/resource_changes\/\d+\/change\/after\/spec\/0\/template\/0\/spec\/0\/init_container\/0\/image$/);
    expect(api.get(['spec', 'template', 'spec', 'nodeSelector', 'kubernetes.io/os'])!.loc.pointer).toMatch(/\/node_selector\/kubernetes.io~1os$/);
    expect(api.get(['spec', 'template', 'spec', 'affinity'])).toBeUndefined();
  });

  test('node affinity keeps its API nesting', () => {
    const db = graph.byAddress(0, 'kubernetes_stateful_set_v1.db')!;
    expect(db.get(['spec', 'template', 'spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchExpressions', 0, 'values'])?.known).toBe(true);
  });

  test('links re-keyed to API paths; the image built from the login server resolves to the registry', () => {
    const web = graph.byAddress(0, 'kubernetes_deployment_v1.web')!;
    expect(web.links(['spec', 'template', 'spec', 'containers', 0, 'image']).map((l) => l.address)).toEqual(['azurerm_container_registry.acr']);
    const pull = imagePulls(graph).find((p) => p.workload === web)!;
    expect(pull.target).toMatchObject({ kind: 'acr', registry: graph.byAddress(0, 'azurerm_container_registry.acr') });
  });

  test('the cluster named by the kubernetes provider configuration', () => {
    expect(clustersOf(graph, api)).toEqual({ clusters: [graph.byAddress(0, 'azurerm_kubernetes_cluster.aks')], how: 'provider' });
  });

  test('kubernetes_manifest: the manifest attribute is the object', () => {
    const t = translateKubernetesResource('kubernetes_manifest', {
      manifest: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'x', image: 'nginx' }] } } } },
    }, { object: true })!;
    expect(t.kind).toBe('k8s.workload');
    expect(t.pointerOf(['spec', 'template', 'spec', 'containers', 0, 'image'])).toBe('/manifest/spec/template/spec/containers/0/image');
    expect(t.linkKeyOf('manifest.spec.template')).toBe('spec.template');
  });

  test('kubernetes_secret_v1: clear-text data is the API stringData, and stays sensitive', () => {
    const shaped = withKubernetesShape({
      address: 'kubernetes_secret_v1.pull', kind: 'k8s.secret', nativeType: 'kubernetes_secret_v1', mode: 'managed', action: 'create',
      attrs: { metadata: [{ name: 'pull', namespace: 'shop' }], type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': '{"auths":{}}' } },
      sensitive: { data: true }, pointer: '/resource_changes/0',
    });
    expect(shaped.attrs).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pull', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"auths":{}}' } });
    expect(shaped.sensitive).toEqual({ stringData: true });
    expect(shaped.pointerOf!(['stringData', '.dockerconfigjson'])).toBe('/resource_changes/0/data/.dockerconfigjson');
  });

  test('other resource types pass through unchanged', () => {
    const init = { address: 'aws_iam_role.r', kind: 'aws.iam.role' as const, nativeType: 'aws_iam_role', mode: 'managed' as const, action: 'create' as const, attrs: {}, pointer: '/x' };
    expect(withKubernetesShape(init)).toBe(init);
  });
});
