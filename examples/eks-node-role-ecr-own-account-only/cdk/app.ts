// CDK twin of terraform/: the node role gets ECR pull permissions from an inline policy instead of a managed one.
// `broken` scopes ecr:BatchGetImage and ecr:GetDownloadUrlForLayer to the own account's repositories, which
// excludes the EKS add-on registry (602401143452); `fixed` grants them on every repository.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'NodeRoleEcrOwnAccountOnly', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    roleName: 'demo-node',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  nodeRole.attachInlinePolicy(new iam.Policy(stack, 'NodeEcr', {
    policyName: 'ecr-own-account',
    statements: [
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        // arn:aws:ecr:eu-west-1:111122223333:repository/* in `broken`
        resources: [variant === 'broken' ? stack.formatArn({ service: 'ecr', resource: 'repository', resourceName: '*' }) : '*'],
      }),
    ],
  }));
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
        spec: { containers: [{ name: 'app', image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1.0' }] },
      },
    },
  });
  return app;
}
