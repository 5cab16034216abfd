// CDK twin of terraform/: a Fargate profile whose pod execution role has no ECR pull permission.
// `broken` creates the role with the right trust but no policy; `fixed` attaches
// AmazonEKSFargatePodExecutionRolePolicy (what CDK does when no role is given).
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'FargateRoleWithoutPolicy', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const podExecutionRole = new iam.Role(stack, 'PodExecutionRole', {
    assumedBy: new iam.ServicePrincipal('eks-fargate-pods.amazonaws.com'),
    managedPolicies: variant === 'fixed' ? [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSFargatePodExecutionRolePolicy')] : [],
  });
  cluster.addFargateProfile('Apps', { selectors: [{ namespace: 'apps' }], podExecutionRole });
  return app;
}
