// One CDK synth for bench/cdk.mjs:
//   node bench/cdk-app.mjs <none|plugin|aspect|nag> <services> <outdir> [nodeGroupsPerStack]
// Prints {"synthMs": …, "resources": …} on stdout.
//
// A platform team's app: stacks of 40 services. Each stack has a VPC (two AZs, one NAT gateway), an
// `eks.Cluster` and `nodeGroupsPerStack` managed node groups (default 2). Each service has an ECR
// repository whose resource policy grants pull to every node role of its stack, an IAM role, a
// security group and an S3 bucket. With `nodeGroupsPerStack` = 40 every service also gets its own
// node group: the worst case for the node-role × repository pairs the IAM rules evaluate.
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';

const [mode = 'none', servicesArg = '40', outdir = 'bench/out/cdk', groupsArg = '2'] = process.argv.slice(2);
const services = Number(servicesArg);
const groupsPerStack = Number(groupsArg);
const app = new App({ outdir });
const env = { account: '111122223333', region: 'eu-west-1' };
for (let s = 0; s * 40 < services; s += 1) {
  const stack = new Stack(app, `Platform${s}`, { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_31, vpc, defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', `arn:aws:lambda:${env.region}:${env.account}:layer:kubectl:1`),
  });
  const nodeRoles = [];
  for (let g = 0; g < groupsPerStack; g += 1) {
    const group = cluster.addNodegroupCapacity(`Group${g}`, { instanceTypes: [new ec2.InstanceType('m5.large')] });
    nodeRoles.push(group.role);
  }
  for (let u = s * 40; u < Math.min(services, (s + 1) * 40); u += 1) {
    const repo = new ecr.Repository(stack, `Repo${u}`, { repositoryName: `team/app${u}` });
    for (const role of nodeRoles) {
      repo.addToResourcePolicy(new iam.PolicyStatement({
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], principals: [new iam.ArnPrincipal(role.roleArn)],
      }));
    }
    const serviceRole = new iam.Role(stack, `ServiceRole${u}`, { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    repo.grantPull(serviceRole);
    new ec2.SecurityGroup(stack, `Sg${u}`, { vpc });
    new s3.Bucket(stack, `Bucket${u}`);
  }
}

if (mode === 'plugin') {
  const { PullfixChecks } = await import('pullfix/cdk');
  Validations.of(app).addPlugins(new PullfixChecks({ failOn: 'never' }));
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
let resources = 0;
if (assembly) for (const stack of assembly.stacks) resources += Object.keys(stack.template.Resources ?? {}).length;
process.stdout.write(`${JSON.stringify({ synthMs, resources })}\n`);
