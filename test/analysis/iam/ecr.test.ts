import { describe, expect, it } from 'vitest';
import { nodeSets } from '../../../src/analysis/aws-nodes.js';
import { addonRegistryAccount, requiredRepositories } from '../../../src/analysis/ecr.js';
import { graphOf, res } from '../../helpers/graph.js';

const deployment = (name: string, image: string, namespace = 'default') => res(`kubernetes_deployment_v1.${name}`, {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
  spec: { template: { spec: { containers: [{ name, image }] } } },
});

describe('required ECR repositories', () => {
  it('knows the EKS add-on registry account of each region', () => {
    expect(addonRegistryAccount('eu-west-1')).toBe('602401143452');
    expect(addonRegistryAccount('ap-east-1')).toBe('800184023465');
    expect(addonRegistryAccount('cn-north-1')).toBe('918309763551');
    expect(addonRegistryAccount('us-gov-west-1')).toBe('013241004608');
  });

  it('always requires the add-on registry, then the ECR images of the cluster; Fargate only its namespaces', () => {
    const g = graphOf([
      res('data.aws_region.current', { name: 'eu-central-2' }, { mode: 'data' }),
      res('aws_eks_cluster.main', { name: 'demo' }),
      res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node' }),
      res('aws_eks_fargate_profile.fp', { cluster_name: 'demo', pod_execution_role_arn: 'arn:aws:iam::111122223333:role/fp', selector: [{ namespace: 'batch-*' }] }),
      deployment('web', '111122223333.dkr.ecr.eu-central-2.amazonaws.com/web:1'),
      deployment('job', '222222222222.dkr.ecr.eu-west-1.amazonaws.com/tools/job@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'batch-nightly'),
      deployment('hub', 'nginx:1.27'),
    ]);
    const [ng, fp] = nodeSets(g);
    expect(requiredRepositories(g, ng!).map((r) => `${r.origin} ${r.arn}`)).toEqual([
      'addon arn:aws:ecr:eu-central-2:900612956339:repository/amazon-k8s-cni',
      'addon arn:aws:ecr:eu-central-2:900612956339:repository/eks/coredns',
      'addon arn:aws:ecr:eu-central-2:900612956339:repository/eks/kube-proxy',
      'image arn:aws:ecr:eu-central-2:111122223333:repository/web',
      'image arn:aws:ecr:eu-west-1:222222222222:repository/tools/job',
    ]);
    expect(requiredRepositories(g, fp!).filter((r) => r.origin === 'image').map((r) => r.repository)).toEqual(['tools/job']);
  });

  it('falls back to the repositories of the inputs when no workload is known', () => {
    const g = graphOf([
      res('data.aws_caller_identity.current', { account_id: '111122223333' }, { mode: 'data' }),
      res('data.aws_region.current', { name: 'eu-west-1' }, { mode: 'data' }),
      res('aws_eks_node_group.ng', { cluster_name: 'demo', node_role_arn: 'arn:aws:iam::111122223333:role/node' }),
      res('aws_ecr_repository.app', { name: 'app' }),
    ]);
    expect(requiredRepositories(g, nodeSets(g)[0]!).filter((r) => r.origin !== 'addon').map((r) => `${r.origin} ${r.arn}`))
      .toEqual(['plan-repository arn:aws:ecr:eu-west-1:111122223333:repository/app']);
  });
});
