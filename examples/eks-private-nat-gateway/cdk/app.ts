// CDK twin of terraform/: nodes in private subnets whose default route goes to a NAT gateway in the
// public subnet. `broken` makes it a private NAT gateway (`connectivityType: 'private'`), which ec2.Vpc's
// NAT providers cannot create, hence the L1 NAT gateway and routes on isolated subnets; `fixed` is the
// usual ec2.Vpc layout: one public NAT gateway (with its Elastic IP) and PRIVATE_WITH_EGRESS subnets.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'PrivateNatGateway', { env: { account: '111122223333', region: 'eu-west-1' } });
  const privateType = variant === 'fixed' ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PRIVATE_ISOLATED;
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    ...(variant === 'fixed' ? { natGateways: 1, natGatewayProvider: ec2.NatProvider.gateway() } : { natGateways: 0 }),
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: privateType, cidrMask: 24 },
    ],
  });
  if (variant === 'broken') {
    const nat = new ec2.CfnNatGateway(stack, 'Nat', { connectivityType: 'private', subnetId: vpc.publicSubnets[0]!.subnetId });
    vpc.isolatedSubnets.forEach((subnet, i) => {
      new ec2.CfnRoute(stack, `PrivateDefault${i}`, {
        routeTableId: subnet.routeTable.routeTableId,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.ref,
      });
    });
  }
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
