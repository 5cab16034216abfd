import { describe, expect, test } from 'vitest';
import { ref, res } from '../../helpers/graph.js';
import { deployment, lintFixtures, lintInputs, obj } from './helpers.js';

const aks = (name = 'aks', vmSize = 'Standard_D4s_v5') => res(`azurerm_kubernetes_cluster.${name}`, {
  name, default_node_pool: [{ name: 'system', vm_size: vmSize }],
});
const winPool = (attrs: Record<string, unknown> = {}, cluster = 'aks') => res(`azurerm_kubernetes_cluster_node_pool.win_${cluster}`, {
  name: 'win', os_type: 'Windows', os_sku: 'Windows2022', vm_size: 'Standard_D4s_v5', ...attrs,
}, { links: { kubernetes_cluster_id: [ref(`azurerm_kubernetes_cluster.${cluster}`, 'id')] } });

describe('on Terraform plans (kubernetes_* resources)', () => {
  test('AKS with a Windows Server 2022 pool: PF-K8S-001, 002, 004 on every branch', () => {
    expect(lintFixtures('aks-mixed-os/plan.json')).toEqual({
      findings: [
        'PF-K8S-001 warning kubernetes_deployment_v1.web',
        'PF-K8S-001 note kubernetes_job_v1.seed',
        'PF-K8S-002 warning kubernetes_daemon_set_v1.iis',
        'PF-K8S-004 warning kubernetes_cron_job_v1.report',
        'PF-K8S-004 error kubernetes_deployment_v1.api',
        'PF-K8S-004 error kubernetes_job_v1.seed',
      ],
      unverified: [],
    });
  });

  test('EKS with x86, Graviton and a tainted Windows group: PF-K8S-001, 003, 004', () => {
    expect(lintFixtures('eks-mixed-arch/plan.json')).toEqual({
      findings: [
        'PF-K8S-001 warning kubernetes_daemon_set_v1.agent',
        'PF-K8S-003 warning kubernetes_deployment_v1.app',
        'PF-K8S-003 note kubernetes_pod_v1.probe',
        'PF-K8S-004 error kubernetes_daemon_set_v1.agent',
        'PF-K8S-004 warning kubernetes_deployment_v1.worker',
      ],
      unverified: [],
    });
  });
});

describe('on manifests, alone and with the infrastructure', () => {
  test('manifests alone: only what the image reference itself shows', () => {
    expect(lintFixtures('manifests/aks')).toEqual({
      findings: ['PF-K8S-004 error shop/Deployment/worker'],
      unverified: [],
    });
  });

  test('manifests with the plan: platform and registry verdicts sharpen', () => {
    const both = lintFixtures('aks-mixed-os/plan.json', 'manifests/aks');
    expect(both.findings.filter((f) => !f.includes(' kubernetes_'))).toEqual([
      'PF-K8S-001 warning shop/Deployment/web',
      'PF-K8S-004 warning shop/Deployment/worker',
      'PF-K8S-004 error shop/Deployment/worker',
      'PF-K8S-002 warning shop/Pod/iis',
    ]);
    expect(both.unverified).toEqual([]);
  });
});

describe('PF-K8S-001 branches', () => {
  test('Windows pool tainted against untolerating pods: pass (catalog trap 23)', () => {
    expect(lintInputs({ resources: [aks(), winPool({ node_taints: ['os=windows:NoSchedule'] })] }, { format: 'kubernetes', resources: [deployment('web', 'nginx:1.27')] }).findings).toEqual([]);
  });

  test('a toleration of the Windows taint brings the warning back', () => {
    const tolerating = deployment('web', 'nginx:1.27', { tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }] });
    expect(lintInputs({ resources: [aks(), winPool({ node_taints: ['os=windows:NoSchedule'] })] }, { format: 'kubernetes', resources: [tolerating] }).findings)
      .toEqual(['PF-K8S-001 warning default/Deployment/web']);
  });

  test('legacy beta.kubernetes.io/os selector counts as an OS selector', () => {
    expect(lintInputs({ resources: [aks(), winPool()] }, { format: 'kubernetes', resources: [deployment('web', 'nginx:1.27', { nodeSelector: { 'beta.kubernetes.io/os': 'linux' } })] }).findings).toEqual([]);
  });

  test('selector on a pool label that only Linux pools carry: pass', () => {
    expect(lintInputs({ resources: [aks(), winPool()] }, { format: 'kubernetes', resources: [deployment('web', 'nginx:1.27', { nodeSelector: { agentpool: 'system' } })] }).findings).toEqual([]);
  });

  test('computed node selector: skipped (catalog §3.2)', () => {
    const w = obj('default/Deployment/web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } } } },
      { unknown: { spec: { template: { spec: { nodeSelector: true } } } } });
    expect(lintInputs({ resources: [aks(), winPool()] }, { format: 'kubernetes', resources: [w] })).toEqual({ findings: [], unverified: [] });
  });

  test('no cluster in the run: workloads alone get no platform verdict', () => {
    expect(lintInputs({ format: 'kubernetes', resources: [deployment('web', 'nginx:1.27')] })).toEqual({ findings: [], unverified: [] });
  });

  test('two clusters, only one mixed, and nothing tells which: unverified', () => {
    expect(lintInputs({ resources: [aks('a'), winPool({}, 'a'), aks('b')] }, { format: 'kubernetes', resources: [deployment('web', 'nginx:1.27')] })).toEqual({
      findings: [],
      unverified: ['PF-K8S-001 default/Deployment/web'],
    });
  });

  test('two clusters, both mixed: warning', () => {
    expect(lintInputs({ resources: [aks('a'), winPool({}, 'a'), aks('b'), winPool({}, 'b')] }, { format: 'kubernetes', resources: [deployment('web', 'nginx:1.27')] }).findings)
      .toEqual(['PF-K8S-001 warning default/Deployment/web']);
  });

  test('an ACR image narrows the candidates to the AKS cluster', () => {
    const eks = res('aws_eks_cluster.main', { name: 'main' });
    const group = res('aws_eks_node_group.ng', { node_group_name: 'ng', cluster_name: 'main', ami_type: 'AL2023_x86_64_STANDARD' });
    expect(lintInputs({ resources: [aks(), winPool(), eks, group] }, { format: 'kubernetes', resources: [deployment('web', 'shop.azurecr.io/web:1')] }).findings)
      .toEqual(['PF-K8S-001 warning default/Deployment/web']);
  });

  test('EKS Windows node group without taint: warning on an unpinned workload', () => {
    const eks = res('aws_eks_cluster.main', { name: 'main' });
    const linux = res('aws_eks_node_group.linux', { node_group_name: 'linux', cluster_name: 'main' });
    const win = res('aws_eks_node_group.win', { node_group_name: 'win', cluster_name: 'main', ami_type: 'WINDOWS_FULL_2019_x86_64' });
    expect(lintInputs({ resources: [eks, linux, win] }, { format: 'kubernetes', resources: [deployment('web', 'nginx:1.27')] }).findings)
      .toEqual(['PF-K8S-001 warning default/Deployment/web']);
  });
});

describe('PF-K8S-002 branches', () => {
  const win = { nodeSelector: { 'kubernetes.io/os': 'windows' } };
  test('ltsc2022 image on a Windows Server 2022 pool: pass', () => {
    expect(lintInputs({ resources: [aks(), winPool()] }, { format: 'kubernetes', resources: [deployment('iis', 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', win)] }).findings).toEqual([]);
  });
  test('1809 tag on a Windows Server 2022 pool: warning', () => {
    expect(lintInputs({ resources: [aks(), winPool()] }, { format: 'kubernetes', resources: [deployment('app', 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-1809', win)] }).findings)
      .toEqual(['PF-K8S-002 warning default/Deployment/app']);
  });
  test('pinned to another build with node.kubernetes.io/windows-build: no pool to land on, no warning', () => {
    const pinned = { nodeSelector: { 'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.17763' } };
    expect(lintInputs({ resources: [aks(), winPool()] }, { format: 'kubernetes', resources: [deployment('iis', 'iis:windowsservercore-ltsc2019', pinned)] }).findings).toEqual([]);
  });
  test('Windows release of the pool unknown (os_sku computed): pass', () => {
    const pool = res('azurerm_kubernetes_cluster_node_pool.win', { name: 'win', os_type: 'Windows', vm_size: 'Standard_D4s_v5' }, { unknown: { os_sku: true } });
    expect(lintInputs({ resources: [aks(), pool] }, { format: 'kubernetes', resources: [deployment('iis', 'iis:windowsservercore-ltsc2019', win)] }).findings).toEqual([]);
  });
});

describe('PF-K8S-003 branches', () => {
  test('every pool on Arm: note to publish arm64 images', () => {
    expect(lintInputs({ resources: [aks('aks', 'Standard_D4ps_v5')] }, { format: 'kubernetes', resources: [deployment('web', 'nginx:1.27')] }).findings)
      .toEqual(['PF-K8S-003 note default/Deployment/web']);
  });
  test('AKS Arm user pool next to an x86 system pool: warning, pinned workload passes', () => {
    const arm = res('azurerm_kubernetes_cluster_node_pool.arm', { name: 'arm', vm_size: 'Standard_D8pds_v6' });
    expect(lintInputs({ resources: [aks(), arm] }, { format: 'kubernetes', resources: [
      deployment('web', 'nginx:1.27'),
      deployment('api', 'nginx:1.27', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }] } } } }),
    ] }).findings).toEqual(['PF-K8S-003 warning default/Deployment/web']);
  });
});

describe('PF-K8S-004 branches', () => {
  const registry = res('azurerm_container_registry.acr', { name: 'myacrprod', login_server: 'myacrprod.azurecr.io' });
  test('computed image without a reference: unverified', () => {
    const w = obj('default/Deployment/web', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [{ name: 'web' }] } } } },
      { unknown: { spec: { template: { spec: { containers: [{ image: true }] } } } } });
    expect(lintInputs({ format: 'kubernetes', resources: [w] })).toEqual({ findings: [], unverified: ['PF-K8S-004 default/Deployment/web'] });
  });
  test('computed image built from a registry of the inputs: resolved, pass', () => {
    const w = res('kubernetes_deployment_v1.web', { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'web' }] } } } }, {
      unknown: { spec: { template: { spec: { containers: [{ image: true }] } } } },
      links: { 'spec.template.spec.containers.image': [ref('azurerm_container_registry.acr', 'login_server')] },
    });
    expect(lintInputs({ resources: [registry, w] })).toEqual({ findings: [], unverified: [] });
  });
  test('ACR host matching no registry, but no pull grant in the inputs: pass (another registry may be used on purpose)', () => {
    expect(lintInputs({ resources: [aks(), registry] }, { format: 'kubernetes', resources: [deployment('web', 'other.azurecr.io/web:1')] }).findings).toEqual([]);
  });
  test('sovereign and regional hosts are valid; near-misses and bare suffixes are errors', () => {
    expect(lintInputs({ format: 'kubernetes', resources: [
      deployment('cn', 'shop.azurecr.cn/web:1'),
      deployment('geo', 'shop.westeurope.geo.azurecr.io/web:1'),
      deployment('fips', '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/web:1'),
      deployment('dual', '123456789012.dkr-ecr.eu-west-1.on.aws/web:1'),
      deployment('public', 'public.ecr.aws/nginx/nginx:1.27'),
      deployment('net', 'shop.azurecr.net/web:1'),
      deployment('bare', 'azurecr.io/web:1'),
      deployment('acct', '12345678901.dkr.ecr.eu-west-1.amazonaws.com/web:1'),
    ] }).findings).toEqual([
      'PF-K8S-004 error default/Deployment/acct',
      'PF-K8S-004 error default/Deployment/bare',
      'PF-K8S-004 error default/Deployment/net',
    ]);
  });
});
