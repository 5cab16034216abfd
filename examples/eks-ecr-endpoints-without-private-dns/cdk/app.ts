// CDK twin of terraform/: a fully private cluster (isolated subnets, no NAT gateway) with ecr.api and
// ecr.dkr interface endpoints (security group open to the VPC on 443) and the S3 gateway endpoint.
// `broken` turns private DNS off on both interface endpoints and DNS hostnames off on the VPC (CDK
// defaults both to true); `fixed` keeps them on.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'EcrEndpointsWithoutPrivateDns', { env: { account: '111122223333', region: 'eu-west-1' } });
  const privateDns = variant === 'fixed';
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 0,
    // aws-cdk-lib rejects an explicit `enableDnsHostnames: true` unless `enableDnsSupport` is explicit too
    enableDnsSupport: true,
    enableDnsHostnames: privateDns,
    subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
  });
  // `open` (the default) gives each endpoint a security group allowing 443 from the VPC CIDR.
  vpc.addInterfaceEndpoint('EcrApi', { service: ec2.InterfaceVpcEndpointAwsService.ECR, privateDnsEnabled: privateDns });
  vpc.addInterfaceEndpoint('EcrDkr', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, privateDnsEnabled: privateDns });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    // aws-cdk-lib's IVpc and exactOptionalPropertyTypes disagree on optional-undefined properties
    vpc: vpc as unknown as ec2.IVpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    // the Terraform default (public API endpoint only); CDK refuses private endpoint access in a VPC
    // without DNS hostnames, which `broken` is
    endpointAccess: eks.EndpointAccess.PUBLIC,
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
    subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    desiredSize: 2, minSize: 1, maxSize: 3,
  });
  return app;
}
