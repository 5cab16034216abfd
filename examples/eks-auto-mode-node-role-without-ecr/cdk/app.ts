// CDK twin of terraform/: an EKS Auto Mode cluster launches its nodes with `computeConfig.nodeRoleArn`.
// `broken` gives that role AmazonEKSWorkerNodeMinimalPolicy only (no ECR action); `fixed` adds
// AmazonEC2ContainerRegistryPullOnly. aws-eks's Cluster cannot enable Auto Mode: eks.CfnCluster.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'AutoModeNodeRoleWithoutEcr', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const clusterRole = new iam.Role(stack, 'ClusterRole', {
    roleName: 'demo-cluster',
    assumedBy: new iam.ServicePrincipal('eks.amazonaws.com'),
  });
  const policies = ['AmazonEKSWorkerNodeMinimalPolicy'];
  if (variant === 'fixed') policies.push('AmazonEC2ContainerRegistryPullOnly');
  const nodeRole = new iam.Role(stack, 'AutoNodeRole', {
    roleName: 'demo-auto-node',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com').withSessionTags(),
    managedPolicies: policies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  new eks.CfnCluster(stack, 'Auto', {
    name: 'auto',
    roleArn: clusterRole.roleArn,
    bootstrapSelfManagedAddons: false,
    computeConfig: { enabled: true, nodePools: ['general-purpose'], nodeRoleArn: nodeRole.roleArn },
    kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
    storageConfig: { blockStorage: { enabled: true } },
    resourcesVpcConfig: { subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId) },
  });
  return app;
}
