import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { ENV, kubectlLayer, newApp } from './apps.js';

/**
 * IRSA roles as CDK writes them: `cluster.addServiceAccount` trusts the OIDC provider the stack creates
 * (its ARN is known only after deploy) with conditions built by a CfnJson custom resource. pullfix must
 * still tell such a role from a node role: ECR pull rights given to it instead of the node role are
 * PF-AWS-003 next to the node role's PF-AWS-001.
 */
function synth(ecrOn: 'service-account' | 'node-role'): string[] {
  const { app, outdir } = newApp();
  const stack = new Stack(app, 'Irsa', { env: ENV });
  const cluster = new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_31, defaultCapacity: 0, kubectlLayer: kubectlLayer(stack) });
  const nodeRole = new iam.Role(stack, 'NodeRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    managedPolicies: ['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy'].map((n) => iam.ManagedPolicy.fromAwsManagedPolicyName(n)),
  });
  cluster.addNodegroupCapacity('Workers', { nodeRole, instanceTypes: [new ec2.InstanceType('m5.large')] });
  const account = cluster.addServiceAccount('App', { name: 'app', namespace: 'default' });
  const readOnly = iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEC2ContainerRegistryReadOnly');
  (ecrOn === 'service-account' ? account.role : nodeRole).addManagedPolicy(readOnly);
  app.synth();
  const result = lint([outdir]);
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => `${f.ruleId} ${f.resource.displayPath ?? f.resource.address}`).sort();
}

describe('IRSA roles of a synthesized eks.Cluster', () => {
  it('flags the ECR policy on the service account role (PF-AWS-003) and the node role without it (PF-AWS-001)', () => {
    expect(synth('service-account')).toEqual([
      'PF-AWS-001 Irsa/Cluster/NodegroupWorkers/Resource',
      'PF-AWS-003 Irsa/Cluster/App/Role/Resource',
    ]);
  });

  it('is clean when the node role holds the ECR policy', () => {
    expect(synth('node-role')).toEqual([]);
  });
});
