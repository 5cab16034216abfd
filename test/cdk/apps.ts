import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, Stack, Validations, type IAspect } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IPolicyValidationPlugin } from 'aws-cdk-lib';

/**
 * Small real CDK apps, synthesized offline inside the tests. CloudFormation's own template validation
 * (on by default in aws-cdk-lib 2.276) is switched off: it is slow and not what is tested here.
 */
process.env.CDK_VALIDATION = 'false';

export const ENV = { account: '111122223333', region: 'eu-west-1' } as const;

export interface BuiltApp {
  readonly app: App;
  readonly stack: Stack;
  readonly outdir: string;
}

/**
 * aws-cdk-lib types `kubectlLayer` as required; an imported layer ARN synthesizes offline (pullfix never
 * deploys) and keeps the test free of the kubectl layer packages.
 */
export function kubectlLayer(stack: Stack): lambda.ILayerVersion {
  return lambda.LayerVersion.fromLayerVersionArn(stack, 'KubectlLayer', `arn:aws:lambda:${ENV.region}:${ENV.account}:layer:kubectl:1`);
}

export function newApp(plugins: readonly IPolicyValidationPlugin[] = []): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'pullfix-cdk-'));
  const app = new App({ outdir });
  if (plugins.length > 0) Validations.of(app).addPlugins(...plugins);
  return { app, outdir };
}

/** `eks.Cluster` with its defaults plus `addNodegroupCapacity`: what the CDK docs show first. */
export function defaultClusterApp(setup?: (app: App, stack: Stack) => void): BuiltApp {
  const { app, outdir } = newApp();
  const stack = new Stack(app, 'DefaultEks', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_31, defaultCapacity: 0, kubectlLayer: kubectlLayer(stack) });
  cluster.addNodegroupCapacity('Workers', { instanceTypes: [new ec2.InstanceType('m5.large')] });
  setup?.(app, stack);
  return { app, stack, outdir };
}

export interface PrivateClusterOptions {
  /** Node role without AmazonEC2ContainerRegistryReadOnly (PF-AWS-001). */
  readonly nodeRoleWithoutEcr?: boolean;
  /** Only the ecr.dkr interface endpoint, no ecr.api (PF-AWS-014). */
  readonly missingEcrApiEndpoint?: boolean;
  /** Fargate pod execution role without AmazonEKSFargatePodExecutionRolePolicy (PF-AWS-019). */
  readonly fargateRoleWithoutPolicy?: boolean;
  readonly aspects?: readonly IAspect[];
  readonly plugins?: readonly IPolicyValidationPlugin[];
  readonly setup?: (stack: Stack, parts: { nodeRole: iam.Role; repository: ecr.Repository; cluster: eks.Cluster }) => void;
}

/**
 * A private cluster: a VPC with isolated subnets only (no NAT, no internet gateway), the ECR and S3
 * endpoints nodes need, a managed node group with its own role, a Fargate profile, and an ECR
 * repository with a resource policy that names the node role.
 */
export function privateClusterApp(options: PrivateClusterOptions = {}): BuiltApp {
  const { app, outdir } = newApp(options.plugins);
  const stack = new Stack(app, 'PrivateEks', { env: ENV });
  for (const aspect of options.aspects ?? []) Aspects.of(stack).add(aspect);
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 }],
  });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  if (!options.missingEcrApiEndpoint) vpc.addInterfaceEndpoint('EcrApi', { service: ec2.InterfaceVpcEndpointAwsService.ECR });
  vpc.addInterfaceEndpoint('EcrDkr', { service: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER });
  vpc.addInterfaceEndpoint('Sts', { service: ec2.InterfaceVpcEndpointAwsService.STS });
  vpc.addInterfaceEndpoint('Ec2', { service: ec2.InterfaceVpcEndpointAwsService.EC2 });

  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_31,
    kubectlLayer: kubectlLayer(stack),
    // exactOptionalPropertyTypes and aws-cdk-lib's optional-undefined properties disagree on IVpc
    vpc: vpc as unknown as ec2.IVpc,
    vpcSubnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    defaultCapacity: 0,
    endpointAccess: eks.EndpointAccess.PRIVATE,
    placeClusterHandlerInVpc: true,
  });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: [
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSWorkerNodePolicy'),
      iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKS_CNI_Policy'),
      ...(options.nodeRoleWithoutEcr ? [] : [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly')]),
    ],
  });
  cluster.addNodegroupCapacity('Workers', {
    nodeRole,
    instanceTypes: [new ec2.InstanceType('m5.large')],
    subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  });
  const podExecutionRole = new iam.Role(stack, 'PodExecutionRole', {
    assumedBy: new iam.ServicePrincipal('eks-fargate-pods.amazonaws.com'),
    managedPolicies: options.fargateRoleWithoutPolicy ? [] : [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSFargatePodExecutionRolePolicy')],
  });
  cluster.addFargateProfile('Batch', { selectors: [{ namespace: 'batch' }], podExecutionRole });

  const repository = new ecr.Repository(stack, 'Repo', { repositoryName: 'team/app' });
  repository.addToResourcePolicy(new iam.PolicyStatement({
    actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    principals: [new iam.ArnPrincipal(nodeRole.roleArn)],
  }));
  options.setup?.(stack, { nodeRole, repository, cluster });
  return { app, stack, outdir };
}

export interface SelfManagedClusterOptions {
  /**
   * The nodes' role instead of the one the autoscaling group creates:
   * - `without-ecr`: a role CDK may not change (`withoutPolicyUpdates()`) with the worker-node and CNI
   *   policies only, so the policies `connectAutoScalingGroupCapacity` adds are dropped (PF-AWS-001);
   * - `imported`: a role of the account imported by ARN, whose policies are not in the template.
   */
  readonly nodeRole?: 'without-ecr' | 'imported';
  /** Set the feature flag that makes `autoscaling.AutoScalingGroup` generate a launch template instead. */
  readonly launchTemplate?: boolean;
}

function selfManagedNodeRole(stack: Stack, kind: SelfManagedClusterOptions['nodeRole']): iam.IRole | undefined {
  switch (kind) {
    case undefined:
      return undefined;
    case 'without-ecr':
      return new iam.Role(stack, 'NodeRole', {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'].map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
      }).withoutPolicyUpdates();
    case 'imported':
      return iam.Role.fromRoleArn(stack, 'NodeRole', `arn:aws:iam::${ENV.account}:role/platform-nodes`, { mutable: false });
  }
}

/**
 * `eks.Cluster` with `addAutoScalingGroupCapacity`: self-managed nodes in an autoscaling group that, by
 * default, launches from an `AWS::AutoScaling::LaunchConfiguration`. CDK gives the instance role
 * AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and AmazonEC2ContainerRegistryReadOnly and tags the
 * group `kubernetes.io/cluster/<cluster name>` (aws-eks `Cluster.connectAutoScalingGroupCapacity`).
 */
export function selfManagedClusterApp(options: SelfManagedClusterOptions = {}): BuiltApp {
  const { app, outdir } = newApp();
  if (options.launchTemplate) app.node.setContext('@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig', true);
  const stack = new Stack(app, 'SelfManagedEks', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_31, defaultCapacity: 0, kubectlLayer: kubectlLayer(stack) });
  const role = selfManagedNodeRole(stack, options.nodeRole);
  cluster.addAutoScalingGroupCapacity('Nodes', { instanceType: new ec2.InstanceType('m5.large'), minCapacity: 1, ...(role ? { role } : {}) });
  return { app, stack, outdir };
}
