import { describe, expect, it } from 'vitest';
import { imagePulls } from '../../../src/analysis/registries.js';
import { clustersOf } from '../../../src/analysis/clusters.js';
import { buildGraph, lintLoaded } from '../../../src/engine/lint.js';
import type { ResourceGraph } from '../../../src/graph/graph.js';
import { pulumiParser } from '../../../src/inputs/pulumi/parse.js';
import { verdicts } from '../../helpers/graph.js';
import { k8sRules } from './helpers.js';

/**
 * Workloads declared in a Pulumi program (`new k8s.apps.v1.Deployment(...)`) reach the workload rules
 * and the registry joins.
 *
 * PROVENANCE: the preview documents below are hand-built following input-formats.md §3.1 (`pulumi
 * preview --json` digest: `steps[].newState.{urn,type,custom,inputs,outputs,provider,propertyDependencies}`,
 * unknowns as the 04da6b54-… placeholder, provider references `<providerURN>::<providerID>`), for a
 * program creating an AKS cluster with @pulumi/azure (classic), a Windows node pool, a
 * `pulumi:providers:kubernetes` whose kubeconfig comes from the cluster, and a Deployment using that
 * provider. No public preview digest with Kubernetes resources exists and the Pulumi CLI is not
 * available to the tests.
 */
const U = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
const urn = (type: string, name: string): string => `urn:pulumi:dev::shop::${type}::${name}`;
const CLUSTER = urn('azure:containerservice/kubernetesCluster:KubernetesCluster', 'aks');
const K8S_PROVIDER = urn('pulumi:providers:kubernetes', 'aks-k8s');
const DEPLOYMENT = urn('kubernetes:apps/v1:Deployment', 'web');

interface Step { op: string; urn: string; inputs: object; deps?: Record<string, string[]>; provider?: string }

function preview(steps: Step[]): unknown {
  return {
    config: { 'azure:location': 'westeurope' },
    steps: [
      { op: 'create', urn: urn('pulumi:pulumi:Stack', 'shop-dev'), newState: { urn: urn('pulumi:pulumi:Stack', 'shop-dev'), custom: false, type: 'pulumi:pulumi:Stack', inputs: {}, outputs: {} } },
      ...steps.map((s) => {
        const type = s.urn.split('::')[2]!;
        return {
          op: s.op,
          urn: s.urn,
          newState: {
            urn: s.urn, custom: true, type, inputs: s.inputs, outputs: {}, parent: urn('pulumi:pulumi:Stack', 'shop-dev'),
            ...(s.provider ? { provider: s.provider } : {}), propertyDependencies: s.deps ?? {},
          },
        };
      }),
    ],
    duration: 1,
    changeSummary: { create: steps.length + 1 },
  };
}

const cluster: Step = {
  op: 'create', urn: CLUSTER,
  inputs: { name: 'aks', location: 'westeurope', resourceGroupName: 'rg-shop', dnsPrefix: 'aks', identity: { type: 'SystemAssigned' }, defaultNodePool: { name: 'system', vmSize: 'Standard_D4s_v5', nodeCount: 2 } },
};
const windowsPool: Step = {
  op: 'create', urn: urn('azure:containerservice/kubernetesClusterNodePool:KubernetesClusterNodePool', 'win'),
  inputs: { name: 'win', kubernetesClusterId: U, vmSize: 'Standard_D4s_v5', osType: 'Windows', osSku: 'Windows2022', nodeCount: 1 },
  deps: { kubernetesClusterId: [CLUSTER] },
};
const k8sProvider: Step = { op: 'create', urn: K8S_PROVIDER, inputs: { kubeconfig: U }, deps: { kubeconfig: [CLUSTER] } };

function deployment(image: string, podSpec: Record<string, unknown> = {}): Step {
  return {
    op: 'create', urn: DEPLOYMENT, provider: `${K8S_PROVIDER}::${U}`,
    inputs: {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }], ...podSpec } } },
    },
  };
}

function parsed(json: unknown): { path: string; parsed: ReturnType<typeof pulumiParser.parse> } {
  const source = { path: 'preview.json', text: JSON.stringify(json), json };
  expect(pulumiParser.accepts(source)).toBe(true);
  return { path: 'preview.json', parsed: pulumiParser.parse(source) };
}

function lintPreview(json: unknown): { findings: string[]; unverified: string[] } {
  return verdicts(lintLoaded([parsed(json)], [], { rules: k8sRules }));
}

function graphOf(json: unknown): ResourceGraph {
  return buildGraph([parsed(json)]);
}

describe('Pulumi kubernetes:apps/v1:Deployment reaches the workload rules', () => {
  it('is a k8s.workload in Kubernetes API shape, with its image pointer in the preview', () => {
    const graph = graphOf(preview([cluster, k8sProvider, deployment('shopacr.azurecr.io/web:1.0')]));
    const [web] = graph.ofKind('k8s.workload');
    expect(web?.address).toBe(DEPLOYMENT);
    expect(web?.get(['spec', 'template', 'spec', 'containers', 0, 'image'])).toMatchObject({ known: true, value: 'shopacr.azurecr.io/web:1.0', loc: { pointer: '/steps/3/newState/inputs/spec/template/spec/containers/0/image' } });
    expect(imagePulls(graph).map((p) => p.target.kind)).toEqual(['acr']);
  });

  it('PF-K8S-004 on an `azureacr.io` typo host', () => {
    expect(lintPreview(preview([cluster, k8sProvider, deployment('shopacr.azureacr.io/web:1.0')]))).toEqual({ findings: [`PF-K8S-004 error ${DEPLOYMENT}`], unverified: [] });
  });

  it('PF-K8S-001 with a Windows node pool and no OS selector; pinned to Linux it passes', () => {
    expect(lintPreview(preview([cluster, windowsPool, k8sProvider, deployment('shopacr.azurecr.io/web:1.0')]))).toEqual({ findings: [`PF-K8S-001 warning ${DEPLOYMENT}`], unverified: [] });
    expect(lintPreview(preview([cluster, windowsPool, k8sProvider, deployment('shopacr.azurecr.io/web:1.0', { nodeSelector: { 'kubernetes.io/os': 'linux' } })])))
      .toEqual({ findings: [], unverified: [] });
  });

  it('a Linux-only cluster and a valid image: nothing', () => {
    expect(lintPreview(preview([cluster, k8sProvider, deployment('shopacr.azurecr.io/web:1.0')]))).toEqual({ findings: [], unverified: [] });
  });
});

describe('Pulumi: the kubernetes provider names the cluster', () => {
  const CLUSTER_B = urn('azure:containerservice/kubernetesCluster:KubernetesCluster', 'aks-linux');
  const clusterB: Step = { ...cluster, urn: CLUSTER_B, inputs: { ...cluster.inputs, name: 'aks-linux' } };

  it('associates the Deployment with the cluster its provider\'s kubeconfig comes from', () => {
    const json = preview([cluster, windowsPool, clusterB, k8sProvider, deployment('shopacr.azurecr.io/web:1.0')]);
    const graph = graphOf(json);
    const web = graph.ofKind('k8s.workload')[0]!;
    expect(clustersOf(graph, web)).toMatchObject({ how: 'provider', clusters: [graph.byAddress(0, CLUSTER)] });
    expect(lintPreview(json)).toEqual({ findings: [`PF-K8S-001 warning ${DEPLOYMENT}`], unverified: [] });
  });

  it('without a provider, two clusters leave the Deployment ambiguous: unverified, not a finding', () => {
    const { provider: _, ...noProvider } = deployment('shopacr.azurecr.io/web:1.0');
    const json = preview([cluster, windowsPool, clusterB, noProvider]);
    const graph = graphOf(json);
    expect(clustersOf(graph, graph.ofKind('k8s.workload')[0]!).how).toBe('ambiguous');
    expect(lintPreview(json)).toEqual({ findings: [], unverified: [`PF-K8S-001 ${DEPLOYMENT}`] });
  });
});
