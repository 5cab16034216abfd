// CDK twin of terraform/: a Fargate profile in a VPC with public subnets (routed to the internet gateway)
// and private subnets behind a NAT gateway. `broken` places the profile in the public subnets, where
// Fargate pods get no public IP; `fixed` selects the private subnets (CDK's default for a profile).
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'FargatePublicSubnet', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    // aws-cdk-lib's IVpc and exactOptionalPropertyTypes disagree on optional-undefined properties
    vpc: vpc as unknown as ec2.IVpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const podExecutionRole = new iam.Role(stack, 'PodExecutionRole', {
    assumedBy: new iam.ServicePrincipal('eks-fargate-pods.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSFargatePodExecutionRolePolicy')],
  });
  cluster.addFargateProfile('Default', {
    fargateProfileName: 'default',
    selectors: [{ namespace: 'default' }],
    podExecutionRole,
    // without `vpc`, CDK ignores subnetSelection and EKS uses the cluster's private subnets
    vpc: vpc as unknown as ec2.IVpc,
    subnetSelection: { subnetType: variant === 'broken' ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });
  return app;
}
