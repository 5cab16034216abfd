// CDK twin of terraform/: a managed node group in private subnets. `broken` has only isolated subnets,
// no NAT gateway and no ECR endpoints, so the node route tables keep the local route alone; `fixed`
// adds public subnets and one public NAT gateway, the private subnets routing 0.0.0.0/0 to it.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'PrivateSubnetsNoRoute', { env: { account: '111122223333', region: 'eu-west-1' } });
  const privateType = variant === 'fixed' ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: variant === 'fixed' ? 1 : 0,
    subnetConfiguration: [
      ...(variant === 'fixed' ? [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }] : []),
      { name: 'private', subnetType: privateType, cidrMask: 24 },
    ],
  });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    // aws-cdk-lib's IVpc and exactOptionalPropertyTypes disagree on optional-undefined properties
    vpc: vpc as unknown as ec2.IVpc,
    vpcSubnets: [{ subnetType: privateType }],
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default',
    nodeRole,
    subnets: { subnetType: privateType },
    desiredSize: 2, minSize: 1, maxSize: 3,
  });
  return app;
}
