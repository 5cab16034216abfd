// CDK twin of terraform/: a workload pulls public.ecr.aws/nginx/nginx through the pull-through cache rule
// `ecr-public`; on the first pull ECR imports the image with the node role's permissions.
// `broken` gives the node role AmazonEC2ContainerRegistryReadOnly, which lacks ecr:BatchImportUpstreamImage
// and ecr:CreateRepository; `fixed` attaches AmazonEC2ContainerRegistryPullOnly plus an inline
// statement allowing ecr:CreateRepository. aws-ecr has no L2 for the rule: ecr.CfnPullThroughCacheRule.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'PullThroughCacheReadOnly', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const pullPolicy = variant === 'broken' ? 'AmazonEC2ContainerRegistryReadOnly' : 'AmazonEC2ContainerRegistryPullOnly';
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    roleName: 'demo-node',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', pullPolicy].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  if (variant === 'fixed') {
    nodeRole.attachInlinePolicy(new iam.Policy(stack, 'NodePullThroughCache', {
      policyName: 'pull-through-cache',
      statements: [new iam.PolicyStatement({ actions: ['ecr:CreateRepository'], resources: ['*'] })],
    }));
  }
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default',
    nodeRole,
    instanceTypes: [new ec2.InstanceType('m5.large')],
    desiredSize: 2,
    maxSize: 3,
    minSize: 1,
  });
  new ecr.CfnPullThroughCacheRule(stack, 'EcrPublic', { ecrRepositoryPrefix: 'ecr-public', upstreamRegistryUrl: 'public.ecr.aws' });
  cluster.addManifest('Web', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/ecr-public/nginx/nginx:latest' }] },
      },
    },
  });
  return app;
}
