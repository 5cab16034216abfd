import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import { imagePulls } from '../../../src/analysis/registries.js';
import { clustersOf } from '../../../src/analysis/clusters.js';
import { buildGraph, lint } from '../../../src/engine/lint.js';
import { loadInputs } from '../../../src/engine/load.js';
import { verdicts } from '../../helpers/graph.js';
import { k8sRules } from './helpers.js';

/**
 * Workloads embedded in a CDK app: `cluster.addManifest` and `new eks.KubernetesManifest` synthesize a
 * `Custom::AWSCDK-EKS-KubernetesResource` whose `Manifest` is the objects' JSON (an `Fn::Join` when it
 * holds tokens). The CloudFormation input reads them as `k8s.*` resources in Kubernetes API shape, so
 * the PF-K8S rules and the registry joins see them like any manifest. Apps are synthesized offline.
 */
process.env.CDK_VALIDATION = 'false';
const ENV = { account: '111122223333', region: 'eu-west-1' } as const;
const outdirs: string[] = [];
afterAll(() => { for (const dir of outdirs) rmSync(dir, { recursive: true, force: true }); });

interface Options {
  readonly windowsPool?: boolean;
  readonly setup?: (stack: Stack, cluster: eks.Cluster) => void;
}

/** An eks.Cluster with a Linux managed node group (plus a Windows one on request), synthesized to a cloud assembly. */
function synth(options: Options): string {
  const outdir = mkdtempSync(join(tmpdir(), 'pullfix-cdk-k8s-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Shop', { env: ENV });
  // An imported kubectl layer ARN synthesizes offline; pullfix never deploys.
  const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, 'KubectlLayer', `arn:aws:lambda:${ENV.region}:${ENV.account}:layer:kubectl:1`);
  const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_31, defaultCapacity: 0, kubectlLayer });
  cluster.addNodegroupCapacity('Linux', { instanceTypes: [new ec2.InstanceType('m5.large')] });
  if (options.windowsPool) {
    cluster.addNodegroupCapacity('Windows', { instanceTypes: [new ec2.InstanceType('m5.large')], amiType: eks.NodegroupAmiType.WINDOWS_CORE_2022_X86_64 });
  }
  options.setup?.(stack, cluster);
  app.synth();
  return outdir;
}

function deployment(image: string, podSpec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }], ...podSpec } } },
  };
}

function lintApp(outdir: string): { findings: string[]; unverified: string[] } {
  const result = lint([outdir], { rules: k8sRules });
  expect(result.errors).toEqual([]);
  return verdicts(result);
}

describe('CDK cluster.addManifest / KubernetesManifest reach the workload rules', () => {
  it('PF-K8S-004 on an `azureacr.io` typo host, pointing at the template resource', () => {
    const outdir = synth({ setup: (_, cluster) => cluster.addManifest('web', deployment('myacr.azureacr.io/web:1')) });
    const result = lint([outdir], { rules: k8sRules });
    expect(verdicts(result)).toEqual({ findings: ['PF-K8S-004 error Shop/Clustermanifestweb6B93EAE9/shop/Deployment/web'], unverified: [] });
    expect(result.findings[0]!.message).toContain('azurecr.io');
    expect(result.findings[0]!.location.file).toMatch(/Shop\.template\.json$/);
  });

  it('PF-K8S-004 on a malformed ECR host', () => {
    const outdir = synth({ setup: (_, cluster) => cluster.addManifest('web', deployment('111122223333.dkr.ecr.eu-west-1.amazonaws.co/web:1')) });
    expect(lintApp(outdir)).toEqual({ findings: ['PF-K8S-004 error Shop/Clustermanifestweb6B93EAE9/shop/Deployment/web'], unverified: [] });
  });

  it('a well-formed ECR image on a Linux-only cluster passes', () => {
    const outdir = synth({ setup: (_, cluster) => cluster.addManifest('web', deployment('111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1')) });
    expect(lintApp(outdir)).toEqual({ findings: [], unverified: [] });
  });

  it('PF-K8S-001 for a Deployment without an OS selector on a cluster with Windows and Linux node groups', () => {
    const outdir = synth({ windowsPool: true, setup: (_, cluster) => cluster.addManifest('web', deployment('111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1')) });
    expect(lintApp(outdir)).toEqual({ findings: ['PF-K8S-001 warning Shop/Clustermanifestweb6B93EAE9/shop/Deployment/web'], unverified: [] });
  });

  it('the same Deployment pinned to Linux passes', () => {
    const outdir = synth({
      windowsPool: true,
      setup: (_, cluster) => cluster.addManifest('web', deployment('111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1', { nodeSelector: { 'kubernetes.io/os': 'linux' } })),
    });
    expect(lintApp(outdir)).toEqual({ findings: [], unverified: [] });
  });

  it('KubernetesManifest with several objects, one image a token of an ECR repository of the stack', () => {
    const outdir = synth({
      setup: (stack, cluster) => {
        const repository = new ecr.Repository(stack, 'Web', { repositoryName: 'shop/web' });
        new eks.KubernetesManifest(stack, 'App', {
          // eks.Cluster is an ICluster; the cast only quiets exactOptionalPropertyTypes on aws-cdk-lib's declarations.
          cluster: cluster as unknown as eks.ICluster,
          manifest: [
            { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
            deployment(repository.repositoryUriForTag('1.0')),
            { ...deployment('myacr.azureacr.io/web:1'), metadata: { name: 'worker', namespace: 'shop' } },
          ],
        });
      },
    });
    expect(lintApp(outdir)).toEqual({ findings: ['PF-K8S-004 error Shop/AppF1B96344/shop/Deployment/worker'], unverified: [] });
    const { loaded } = loadInputs([outdir]);
    const graph = buildGraph(loaded);
    const pulls = imagePulls(graph).map((p) => ({ workload: p.workload.address, target: p.target.kind === 'ecr' ? `ecr ${p.target.repository?.address}` : p.target.kind }));
    expect(pulls).toEqual([
      { workload: 'Shop/AppF1B96344/shop/Deployment/web', target: 'ecr Shop/Web3C8945DB' },
      { workload: 'Shop/AppF1B96344/shop/Deployment/worker', target: 'other' },
    ]);
    const web = graph.ofKind('k8s.workload').find((w) => w.address.endsWith('/web'))!;
    expect(clustersOf(graph, web)).toMatchObject({ how: 'only', clusters: [graph.ofKind('aws.eks.cluster')[0]] });
  });
});
