// CDK twin of terraform-and-k8s/: the shop cluster runs in the workloads account (111122223333) and its
// Deployment `web` pulls shop/web from the shared registry account (444455556666), a second stack of the
// same App. The node role has AmazonEC2ContainerRegistryReadOnly; the repository policy is the other half.
// `broken` only lets the registry account's CI role push; `fixed` adds a statement allowing the pull
// actions to the node role ARN `eks-shop-node` (the role, not its instance profile).
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });

  // --- registry account ---
  const registry = new Stack(app, 'Registry', { env: { account: '444455556666', region: 'eu-west-1' } });
  const repository = new ecr.Repository(registry, 'Web', { repositoryName: 'shop/web' });
  repository.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CiPush',
    principals: [new iam.ArnPrincipal('arn:aws:iam::444455556666:role/ci-publisher')],
    actions: [
      'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:GetDownloadUrlForLayer',
      'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart',
    ],
  }));
  if (variant === 'fixed') {
    // A literal ARN: the node role lives in the other account's stack.
    repository.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ShopNodesPull',
      principals: [new iam.ArnPrincipal('arn:aws:iam::111122223333:role/eks-shop-node')],
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    }));
  }

  // --- workloads account ---
  const stack = new Stack(app, 'Shop', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'shop',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    roleName: 'eks-shop-node',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default',
    nodeRole,
    instanceTypes: [new ec2.InstanceType('m5.large')],
    desiredSize: 2,
    maxSize: 3,
    minSize: 1,
  });
  cluster.addManifest('Web', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: '444455556666.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1.4.2' }] },
      },
    },
  });
  return app;
}
