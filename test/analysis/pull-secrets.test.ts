import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dockerConfigKeys, keyMatches, pullSecretCoverage, registryKey } from '../../src/analysis/pull-secrets.js';
import { pulledImages } from '../../src/analysis/workloads.js';
import { buildGraph } from '../../src/engine/lint.js';
import { loadInputs } from '../../src/engine/load.js';
import type { ResourceInit } from '../../src/graph/model.js';
import { graphOf, lintResources, ref, res, verdicts } from '../helpers/graph.js';
import { deployment, obj } from '../rules/k8s/helpers.js';
import aksKubeletMissingAcrpull from '../../src/rules/azure/aks-kubelet-missing-acrpull.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const config = (hosts: string[]): string => JSON.stringify({ auths: Object.fromEntries(hosts.map((h) => [h, { auth: b64('user:secret') }])) });
const secret = (name: string, data: Record<string, unknown>, type = 'kubernetes.io/dockerconfigjson', namespace?: string): ResourceInit =>
  obj(`${namespace ?? 'default'}/Secret/${name}`, { apiVersion: 'v1', kind: 'Secret', type, metadata: { name, ...(namespace ? { namespace } : {}) }, ...data });

describe('registryKey / keyMatches', () => {
  it('normalizes Docker config keys', () => {
    expect(registryKey('https://index.docker.io/v1/')).toEqual({ host: 'docker.io', path: '' });
    expect(registryKey('MyAcr.azurecr.io')).toEqual({ host: 'myacr.azurecr.io', path: '' });
    expect(registryKey('https://myacr.azurecr.io/team/')).toEqual({ host: 'myacr.azurecr.io', path: 'team' });
  });
  it('matches hosts label by label (with `*`) and paths as repository prefixes', () => {
    expect(keyMatches(registryKey('*.azurecr.io'), 'myacr.azurecr.io', 'web')).toBe(true);
    expect(keyMatches(registryKey('*.azurecr.io'), 'myacr.westeurope.data.azurecr.io', 'web')).toBe(false);
    expect(keyMatches(registryKey('myacr.azurecr.io/team'), 'myacr.azurecr.io', 'team/web')).toBe(true);
    expect(keyMatches(registryKey('myacr.azurecr.io/team'), 'myacr.azurecr.io', 'teamx/web')).toBe(false);
    expect(keyMatches(registryKey('other.azurecr.io'), 'myacr.azurecr.io', 'web')).toBe(false);
  });
});

describe('dockerConfigKeys', () => {
  it('reads `data` (base64), `stringData` (clear text) and legacy `.dockercfg`', () => {
    const graph = graphOf([
      secret('a', { data: { '.dockerconfigjson': b64(config(['shopacr.azurecr.io', 'https://index.docker.io/v1/'])) } }),
      secret('b', { stringData: { '.dockerconfigjson': config(['shopacr.azurecr.io']) } }),
      secret('c', { data: { '.dockercfg': b64(JSON.stringify({ 'quay.io': { auth: 'x' } })) } }, 'kubernetes.io/dockercfg'),
      secret('d', { data: { '.dockerconfigjson': '(sensitive value)' } }),
      secret('e', { data: { token: 'x' } }),
    ]);
    const keys = graph.ofKind('k8s.secret').map((s) => dockerConfigKeys(graph, s));
    expect(keys).toEqual([
      { known: true, keys: [{ host: 'shopacr.azurecr.io', path: '' }, { host: 'docker.io', path: '' }] },
      { known: true, keys: [{ host: 'shopacr.azurecr.io', path: '' }] },
      { known: true, keys: [{ host: 'quay.io', path: '' }] },
      { known: false, why: 'its `.dockerconfigjson` is not a Docker config JSON pullfix can read' },
      { known: false, why: 'it has no `.dockerconfigjson`' },
    ]);
  });

  it('a computed payload stands for the registries it references (Terraform kubernetes_secret_v1 from admin credentials)', () => {
    const acr = res('azurerm_container_registry.acr', { name: 'shopacr', login_server: 'shopacr.azurecr.io' });
    const tfSecret = res('kubernetes_secret_v1.pull', { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'pull' } }, {
      unknown: { stringData: { '.dockerconfigjson': true } },
      links: { 'stringData..dockerconfigjson': [ref('azurerm_container_registry.acr', 'login_server'), ref('azurerm_container_registry.acr', 'admin_password')] },
    });
    const graph = graphOf([acr, tfSecret]);
    expect(dockerConfigKeys(graph, graph.ofKind('k8s.secret')[0]!)).toEqual({ known: true, keys: [{ host: 'shopacr.azurecr.io', path: '' }] });
  });

  it('reads the kubectl_manifest Secret of a plan', () => {
    const { loaded } = loadInputs([fileURLToPath(new URL('../fixtures/k8s/kubectl-manifest/plan.json', import.meta.url))]);
    const graph = buildGraph(loaded);
    expect(dockerConfigKeys(graph, graph.byAddress(0, 'kubectl_manifest.pull_secret')!)).toEqual({ known: true, keys: [{ host: 'myacrprod.azurecr.io', path: '' }] });
  });
});

describe('pullSecretCoverage', () => {
  const cover = (resources: ResourceInit[]): string[] => {
    const graph = graphOf(resources);
    return pulledImages(graph).map((i) => pullSecretCoverage(graph, i, i.parsed?.ok ? i.parsed.ref.host : undefined));
  };
  const web = (spec: Record<string, unknown> = {}) => deployment('web', 'shopacr.azurecr.io/web:1.0', spec);
  const acrSecret = secret('acr', { stringData: { '.dockerconfigjson': config(['shopacr.azurecr.io']) } });
  const hubSecret = secret('hub', { stringData: { '.dockerconfigjson': config(['https://index.docker.io/v1/']) } });

  it('no pull secret: no', () => expect(cover([web()])).toEqual(['no']));
  it('a secret of the inputs for the registry: yes', () => expect(cover([acrSecret, web({ imagePullSecrets: [{ name: 'acr' }] })])).toEqual(['yes']));
  it('a secret of the inputs for another registry: no', () => expect(cover([hubSecret, web({ imagePullSecrets: [{ name: 'hub' }] })])).toEqual(['no']));
  it('a secret outside the inputs: unknown', () => expect(cover([web({ imagePullSecrets: [{ name: 'made-by-kubectl' }] })])).toEqual(['unknown']));
  it('a secret in another namespace does not count', () => {
    const elsewhere = secret('acr', { stringData: { '.dockerconfigjson': config(['shopacr.azurecr.io']) } }, 'kubernetes.io/dockerconfigjson', 'ops');
    expect(cover([elsewhere, web({ imagePullSecrets: [{ name: 'acr' }] })])).toEqual(['unknown']);
  });
  it('the ServiceAccount\'s pull secrets when the pod names none', () => {
    const sa = obj('default/ServiceAccount/builder', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder' }, imagePullSecrets: [{ name: 'acr' }] });
    expect(cover([acrSecret, sa, web({ serviceAccountName: 'builder' })])).toEqual(['yes']);
    expect(cover([acrSecret, sa, web()])).toEqual(['no']);
    expect(cover([acrSecret, hubSecret, sa, web({ serviceAccountName: 'builder', imagePullSecrets: [{ name: 'hub' }] })])).toEqual(['no']);
  });
});

describe('PF-AZ-001: "all workloads pulling from R use imagePullSecrets" reads the secrets', () => {
  const acr = res('azurerm_container_registry.acr', { name: 'shopacr', sku: 'Standard', login_server: 'shopacr.azurecr.io' }, { unknown: { id: true } });
  const aks = res('azurerm_kubernetes_cluster.aks', { name: 'aks', identity: [{ type: 'SystemAssigned' }], kubelet_identity: [{}] }, { unknown: { kubelet_identity: [{ object_id: true, client_id: true }], identity: [{ principal_id: true }] } });
  const lintWith = (...resources: ResourceInit[]) => verdicts(lintResources([acr, aks, ...resources], [aksKubeletMissingAcrpull]));
  const web = deployment('web', 'shopacr.azurecr.io/web:1.0', { imagePullSecrets: [{ name: 'pull' }] });

  it('passes with a pull secret for the registry', () => {
    expect(lintWith(web, secret('pull', { stringData: { '.dockerconfigjson': config(['shopacr.azurecr.io']) } }))).toEqual({ findings: [], unverified: [] });
  });
  it('fails when the only pull secret is for Docker Hub: the kubelet identity pulls from the registry', () => {
    expect(lintWith(web, secret('pull', { stringData: { '.dockerconfigjson': config(['https://index.docker.io/v1/']) } })))
      .toEqual({ findings: ['PF-AZ-001 error azurerm_kubernetes_cluster.aks'], unverified: [] });
  });
});
