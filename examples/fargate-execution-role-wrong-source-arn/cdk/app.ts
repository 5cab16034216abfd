// CDK twin of terraform/: a Fargate profile of cluster `demo` whose pod execution role trusts
// eks-fargate-pods.amazonaws.com only under an `ArnLike aws:SourceArn` condition.
// `broken` pins the condition to the profiles of cluster `staging` (copied from the staging stack), so Fargate
// cannot assume the role; `fixed` builds it from this cluster's name. Both attach AmazonEKSFargatePodExecutionRolePolicy.
import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'FargateRoleWrongSourceArn', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const clusterName = variant === 'broken' ? 'staging' : cluster.clusterName;
  const podExecutionRole = new iam.Role(stack, 'PodExecutionRole', {
    roleName: 'demo-fargate',
    assumedBy: new iam.ServicePrincipal('eks-fargate-pods.amazonaws.com').withConditions({
      ArnLike: { 'aws:SourceArn': `arn:aws:eks:eu-west-1:111122223333:fargateprofile/${clusterName}/*` },
    }),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSFargatePodExecutionRolePolicy')],
  });
  cluster.addFargateProfile('KubeSystem', { fargateProfileName: 'kube-system', selectors: [{ namespace: 'kube-system' }], podExecutionRole });
  return app;
}
