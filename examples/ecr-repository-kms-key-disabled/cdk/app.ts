// CDK twin of terraform/: an ECR repository encrypted with a customer-managed KMS key that `broken`
// creates disabled (`enabled: false`), so ECR cannot decrypt layers; `fixed` keeps the key enabled.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export function build(variant: 'broken' | 'fixed', outdir: string): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'RepositoryKeyDisabled', { env: { account: '111122223333', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'RepoKey', { enabled: variant === 'fixed' });
  const repository = new ecr.Repository(stack, 'Repo', { repositoryName: 'shop/api', encryption: ecr.RepositoryEncryption.KMS, encryptionKey: key });
  const cluster = new eks.Cluster(stack, 'Cluster', {
    version: eks.KubernetesVersion.V1_31,
    defaultCapacity: 0,
    kubectlLayer: lambda.LayerVersion.fromLayerVersionArn(stack, 'Kubectl', 'arn:aws:lambda:eu-west-1:111122223333:layer:kubectl:1'),
  });
  cluster.addNodegroupCapacity('Default', { instanceTypes: [new ec2.InstanceType('m5.large')] });
  cluster.addManifest('Api', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'api' } },
      template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: `${repository.repositoryUri}:1.0.0` }] } },
    },
  });
  return app;
}
