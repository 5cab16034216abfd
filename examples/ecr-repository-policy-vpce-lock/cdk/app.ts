// CDK twin of terraform/: the `app` repository policy denies every ECR call that does not come through
// vpce-0abc1234567890def; the nodes sit in a private subnet that reaches ECR through a NAT gateway.
// `broken` has no ECR endpoint in the VPC, so the Deny matches the node role's pulls; `fixed` adds the
// ecr.dkr interface endpoint (private DNS on) in the node subnet, whose id is known only after deploy:
// pullfix reports the lock as unverified instead of an error.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'RepositoryPolicyVpceLock', { env: { account: '111122223333', region: 'eu-west-1' } });
  // One AZ: public 10.0.0.0/24 (internet gateway, NAT gateway) and private 10.0.1.0/24 (default route to the NAT).
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 1,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  if (variant === 'fixed') {
    vpc.addInterfaceEndpoint('EcrDkr', {
      service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
      privateDnsEnabled: true,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
  }
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    // aws-cdk-lib's IVpc and exactOptionalPropertyTypes disagree on optional-undefined properties
    vpc: vpc as unknown as ec2.IVpc,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    roleName: 'demo-node',
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default',
    nodeRole,
    subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    instanceTypes: [new ec2.InstanceType('m5.large')],
    desiredSize: 2,
    maxSize: 3,
    minSize: 1,
  });
  const repository = new ecr.Repository(stack, 'App', { repositoryName: 'app' });
  repository.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'OnlyThroughEndpoint',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['ecr:*'],
    conditions: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0abc1234567890def' } },
  }));
  cluster.addManifest('App', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: { containers: [{ name: 'app', image: `${repository.repositoryUri}:1.0` }] },
      },
    },
  });
  return app;
}
