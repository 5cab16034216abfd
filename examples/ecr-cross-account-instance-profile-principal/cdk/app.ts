// CDK twin of terraform/: the nodes run in account 111122223333 and pull 222222222222's `app` repository,
// whose policy is written in a second stack of the same App (the registry account's `env`).
// `broken` names the instance profile `eks-nodes` as principal and allows only ecr:DescribeImages /
// ecr:DescribeRepositories; `fixed` names the node role `demo-node` and allows the pull actions.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'InstanceProfilePrincipal', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    roleName: 'demo-node',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  new iam.InstanceProfile(stack, 'NodeProfile', { instanceProfileName: 'eks-nodes', role: nodeRole });
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default',
    nodeRole,
    instanceTypes: [new ec2.InstanceType('m5.large')],
    desiredSize: 2,
    maxSize: 3,
    minSize: 1,
  });
  cluster.addManifest('App', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: { containers: [{ name: 'app', image: '222222222222.dkr.ecr.eu-west-1.amazonaws.com/app:1.0' }] },
      },
    },
  });

  // The registry account: a literal ARN, since a cross-account reference to nodeRole cannot be resolved.
  const registry = new Stack(app, 'Registry', { env: { account: '222222222222', region: 'eu-west-1' } });
  const repository = new ecr.Repository(registry, 'App', { repositoryName: 'app' });
  repository.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'NodesPull',
    principals: [new iam.ArnPrincipal(variant === 'broken'
      ? 'arn:aws:iam::111122223333:instance-profile/eks-nodes'
      : 'arn:aws:iam::111122223333:role/demo-node')],
    actions: variant === 'broken'
      ? ['ecr:DescribeImages', 'ecr:DescribeRepositories']
      : ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
  }));
  return app;
}
