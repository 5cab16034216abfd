// CDK twin of terraform/: nodes in private subnets behind a NAT gateway, with a custom network ACL on
// those subnets that allows TCP 443 out. Network ACLs are stateless: `broken` allows only TCP 443 back
// in, so the ECR responses to the nodes' ephemeral ports are dropped; `fixed` allows TCP 1024-65535 in.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'NaclBlocksReturnTraffic', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  const acl = new ec2.NetworkAcl(stack, 'PrivateAcl', { vpc: vpc as unknown as ec2.IVpc, subnetSelection: privateSubnets });
  acl.addEntry('HttpsOut', {
    ruleNumber: 100, direction: ec2.TrafficDirection.EGRESS, ruleAction: ec2.Action.ALLOW,
    cidr: ec2.AclCidr.anyIpv4(), traffic: ec2.AclTraffic.tcpPort(443),
  });
  acl.addEntry(variant === 'broken' ? 'HttpsIn' : 'EphemeralIn', {
    ruleNumber: 100, direction: ec2.TrafficDirection.INGRESS, ruleAction: ec2.Action.ALLOW,
    cidr: ec2.AclCidr.anyIpv4(),
    traffic: variant === 'broken' ? ec2.AclTraffic.tcpPort(443) : ec2.AclTraffic.tcpPortRange(1024, 65535),
  });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    // aws-cdk-lib's IVpc and exactOptionalPropertyTypes disagree on optional-undefined properties
    vpc: vpc as unknown as ec2.IVpc,
    vpcSubnets: [privateSubnets],
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default', nodeRole, subnets: privateSubnets, desiredSize: 2, maxSize: 3, minSize: 1,
  });
  return app;
}
