// CDK twin of terraform/: an x86 and a Graviton managed node group share a cluster, and a Deployment
// pulls an image built for linux/amd64 only from the cluster's ECR repository. `broken` has no
// architecture selector (replicas land on arm64 nodes); `fixed` pins the pods to
// `kubernetes.io/arch: amd64` with a nodeSelector.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'MixedArchNoSelector', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'shop',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryPullOnly']
      .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  const scaling = { desiredSize: 2, maxSize: 3, minSize: 1 };
  cluster.addNodegroupCapacity('X86', {
    nodegroupName: 'x86', nodeRole, amiType: eks.NodegroupAmiType.AL2023_X86_64_STANDARD,
    instanceTypes: [new ec2.InstanceType('m6i.large')], ...scaling,
  });
  cluster.addNodegroupCapacity('Graviton', {
    nodegroupName: 'graviton', nodeRole, amiType: eks.NodegroupAmiType.AL2023_ARM_64_STANDARD,
    instanceTypes: [new ec2.InstanceType('m7g.large')], ...scaling,
  });
  const repository = new ecr.Repository(stack, 'App', { repositoryName: 'shop/app' });
  const podSpec = {
    ...(variant === 'fixed' ? { nodeSelector: { 'kubernetes.io/arch': 'amd64' } } : {}),
    containers: [{ name: 'app', image: `${repository.repositoryUri}:1.4.0` }],
  };
  cluster.addManifest('App', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: { metadata: { labels: { app: 'app' } }, spec: podSpec },
    },
  });
  return app;
}
