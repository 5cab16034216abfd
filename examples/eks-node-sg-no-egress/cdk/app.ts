// CDK twin of terraform/: a managed node group in private subnets behind a NAT gateway, whose launch
// template sets its own security group, declared with `allowAllOutbound: false` and a self ingress rule
// only. `broken` leaves it without egress (CDK's placeholder rule matches no traffic), so the nodes
// cannot open any connection; `fixed` adds an egress rule for TCP 443 to 0.0.0.0/0.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'NodeSgNoEgress', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr('10.0.0.0/16'),
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  // aws-cdk-lib's IVpc and exactOptionalPropertyTypes disagree on optional-undefined properties
  const ivpc = vpc as unknown as ec2.IVpc;
  const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  const cluster = new eks.Cluster(stack, 'Cluster', {
    clusterName: 'demo',
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    vpc: ivpc,
    vpcSubnets: [privateSubnets],
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  const nodes = new ec2.SecurityGroup(stack, 'Nodes', { vpc: ivpc, securityGroupName: 'nodes', allowAllOutbound: false });
  nodes.addIngressRule(nodes, ec2.Port.allTraffic(), 'node to node');
  if (variant === 'fixed') nodes.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to ECR');
  const launchTemplate = new ec2.LaunchTemplate(stack, 'NodesTemplate', { launchTemplateName: 'nodes', securityGroup: nodes });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
      .map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  cluster.addNodegroupCapacity('Default', {
    nodegroupName: 'default', nodeRole, subnets: privateSubnets, desiredSize: 2, maxSize: 3, minSize: 1,
    launchTemplateSpec: { id: launchTemplate.launchTemplateId!, version: launchTemplate.latestVersionNumber },
  });
  return app;
}
