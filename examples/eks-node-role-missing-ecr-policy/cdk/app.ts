// CDK twin of terraform/: a managed node group whose role lacks an ECR pull policy.
// `broken` gives the role only the worker-node and CNI policies; `fixed` adds AmazonEC2ContainerRegistryReadOnly.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'NodeRoleMissingEcr', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const policies = ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'];
  if (variant === 'fixed') policies.push('AmazonEC2ContainerRegistryReadOnly');
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: policies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  cluster.addNodegroupCapacity('Default', { nodeRole, instanceTypes: [new ec2.InstanceType('m5.large')] });
  return app;
}
