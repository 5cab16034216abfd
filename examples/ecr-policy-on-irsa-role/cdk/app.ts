// CDK twin of terraform/: an IRSA role `demo-app-irsa`, trusted by the cluster's OIDC provider, sits next
// to the node group. `broken` attaches AmazonEC2ContainerRegistryReadOnly to the IRSA role and leaves the
// node role with the worker-node and CNI policies only; `fixed` attaches it to the node role instead.
// The trust names the OIDC provider the stack creates (its ARN is known only after deploy); pullfix
// still reads the trust's statements and recognises the IRSA role (PF-AWS-003), as it does in the plan.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'EcrPolicyOnIrsaRole', { env: { account: '111122223333', region: 'eu-west-1' } });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const ecrReadOnly = iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly');
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    roleName: 'demo-node',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default',
    nodeRole,
    instanceTypes: [new ec2.InstanceType('m5.large')],
    desiredSize: 2,
    maxSize: 3,
    minSize: 1,
  });
  const appRole = new iam.Role(stack, 'AppRole', {
    roleName: 'demo-app-irsa',
    assumedBy: new iam.OpenIdConnectPrincipal(cluster.openIdConnectProvider),
  });
  (variant === 'broken' ? appRole : nodeRole).addManagedPolicy(ecrReadOnly);
  return app;
}
