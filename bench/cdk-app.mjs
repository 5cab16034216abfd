// One CDK synth for bench/cdk.mjs: `node bench/cdk-app.mjs <none|plugin|aspect|nag> <units> <outdir>`.
// Prints {"synthMs": …, "resources": …} on stdout. Each unit is a node group with its IAM role (three
// managed policies), an ECR repository with a resource policy, a security group and an S3 bucket;
// 40 units per stack, one VPC per stack.
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

const [mode = 'none', unitsArg = '40', outdir = 'bench/out/cdk'] = process.argv.slice(2);
const units = Number(unitsArg);
const app = new App({ outdir });
const env = { account: '111122223333', region: 'eu-west-1' };
let resources = 0;
for (let s = 0; s * 40 < units; s += 1) {
  const stack = new Stack(app, `Bench${s}`, { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  for (let u = s * 40; u < Math.min(units, (s + 1) * 40); u += 1) {
    const role = new iam.Role(stack, `NodeRole${u}`, {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly']
        .map((n) => iam.ManagedPolicy.fromAwsManagedPolicyName(n)),
    });
    const repo = new ecr.Repository(stack, `Repo${u}`, { repositoryName: `team/app${u}` });
    repo.grantPull(role);
    repo.addToResourcePolicy(new iam.PolicyStatement({ actions: ['ecr:BatchGetImage'], principals: [new iam.ArnPrincipal(role.roleArn)] }));
    const sg = new ec2.SecurityGroup(stack, `Sg${u}`, { vpc });
    new s3.Bucket(stack, `Bucket${u}`);
    new eks.CfnNodegroup(stack, `Group${u}`, {
      clusterName: 'shared', nodeRole: role.roleArn,
      subnets: vpc.privateSubnets.map((x) => x.subnetId),
      amiType: 'AL2023_x86_64_STANDARD',
    });
    void sg;
  }
}

let plugin;
if (mode === 'plugin') {
  const { PullfixChecks } = await import('pullfix/cdk');
  plugin = new PullfixChecks({ failOn: 'never' });
  Validations.of(app).addPlugins(plugin);
} else if (mode === 'aspect') {
  const { PullfixAspect } = await import('pullfix/cdk');
  for (const stack of app.node.children) if (Stack.isStack(stack)) Aspects.of(stack).add(new PullfixAspect());
} else if (mode === 'nag') {
  const { AwsSolutionsChecks } = await import('cdk-nag');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

const t0 = performance.now();
let assembly;
try {
  assembly = app.synth();
} catch {
  // cdk-nag fails synthesis on its findings: the time until then is what it costs.
}
const synthMs = performance.now() - t0;
if (assembly) for (const stack of assembly.stacks) resources += Object.keys(stack.template.Resources ?? {}).length;
process.stdout.write(`${JSON.stringify({ synthMs, resources })}\n`);
