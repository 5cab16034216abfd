import { accountOf, partitionOf, regionOf } from '../../analysis/iam/aws-context.js';
import { fargateTrustStatement, trustPolicy, type FargateProfileArn } from '../../analysis/iam/trust.js';
import { nodeSets } from '../../analysis/aws-nodes.js';
import type { Tri } from '../../analysis/iam/policy.js';
import { defineRule } from '../define-rule.js';

/**
 * Fargate assumes the pod execution role as `eks-fargate-pods.amazonaws.com`; when the trust policy
 * pins `aws:SourceArn`, the pattern must match `arn:aws:eks:<region>:<account>:fargateprofile/<cluster>/*`
 * of this profile (with ArnLike/StringLike for wildcards: StringEquals compares `*` literally). A
 * wrong cluster name or region leaves Fargate without credentials (seed A6: 401 Unauthorized).
 * The condition itself is optional (confused-deputy hardening).
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-020',
    name: 'fargate-pod-execution-role-trust-mismatch',
    title: 'Fargate pod execution role trust policy does not match the profile',
    severity: 'error',
    category: 'iam',
    providers: ['aws'],
    messages: {
      noService: 'The trust policy of pod execution role `{{role}}` (Fargate profile `{{profile}}`) does not let `eks-fargate-pods.amazonaws.com` call `sts:AssumeRole`: Fargate cannot get credentials and pods stay in ImagePullBackOff with "failed with status code [manifests latest]: 401 Unauthorized". Trust the service principal `eks-fargate-pods.amazonaws.com`.',
      sourceArn: 'The trust policy of pod execution role `{{role}}` lets `eks-fargate-pods.amazonaws.com` assume it only for other profiles ({{conditions}}), not for `{{profileArn}}` of Fargate profile `{{profile}}`: pods stay in ImagePullBackOff with "failed with status code [manifests latest]: 401 Unauthorized". Use `ArnLike` with `arn:aws:eks:<region>:<account>:fargateprofile/<cluster>/*` for this cluster.',
    },
    remediation: 'Trust policy: `Principal = { Service = "eks-fargate-pods.amazonaws.com" }`, `Action = "sts:AssumeRole"` and, optionally, `Condition = { ArnLike = { "aws:SourceArn" = "arn:aws:eks:<region>:<account>:fargateprofile/<cluster_name>/*" } }` built from the real cluster name (Terraform `aws_eks_cluster.main.name`, CDK `cluster.clusterName`, Pulumi `cluster.name`).',
    pullError: 'failed to resolve reference "151284513677.dkr.ecr.eu-central-1.amazonaws.com/coredns:latest": pulling from host 151284513677.dkr.ecr.eu-central-1.amazonaws.com failed with status code [manifests latest]: 401 Unauthorized',
    references: ['https://docs.aws.amazon.com/eks/latest/userguide/pod-execution-role.html'],
  },
  check({ graph, report, cannotVerify }) {
    for (const set of nodeSets(graph)) {
      if (set.type !== 'fargate') continue;
      if (set.role.status !== 'resolved') {
        if (set.role.status === 'external' || set.role.why === 'external') {
          cannotVerify({ resource: set.resource, path: set.role.source.path, why: 'external', reason: `The trust policy of the pod execution role of \`${set.resource.address}\` is outside the analysed inputs.` });
        }
        continue;
      }
      const region = regionOf(graph, set.cluster ?? set.resource);
      const profileName = set.resource.get(['fargate_profile_name']);
      const account = accountOf(graph, set.resource) ?? accountOf(graph, set.role.roles[0]!);
      const arn: FargateProfileArn = {
        partition: partitionOf(region),
        ...(region ? { region } : {}),
        ...(account ? { account } : {}),
        ...(set.clusterName ? { cluster: set.clusterName } : {}),
        ...(profileName?.known && typeof profileName.value === 'string' ? { profile: profileName.value } : {}),
      };
      for (const role of set.role.roles) {
        const trust = trustPolicy(graph, role);
        if (!('document' in trust)) {
          cannotVerify({ resource: role, path: ['assume_role_policy'], reason: `Cannot check the trust policy of pod execution role \`${role.address}\`: ${trust.unreadable}.` });
          continue;
        }
        const results: Tri[] = trust.document.statements.map((s) => fargateTrustStatement(s, arn));
        if (results.includes('yes')) continue;
        if (results.includes('unknown')) {
          cannotVerify({ resource: role, path: ['assume_role_policy'], reason: `The trust policy of \`${role.address}\` limits \`eks-fargate-pods.amazonaws.com\` with conditions that depend on values unknown before apply (account, region or cluster name of \`${set.resource.address}\`).` });
          continue;
        }
        const fargate = trust.document.statements.filter((s) => s.effect === 'Allow' && s.principal?.service.includes('eks-fargate-pods.amazonaws.com'));
        const profileArn = `arn:${arn.partition}:eks:${arn.region ?? '<region>'}:${arn.account ?? '<account>'}:fargateprofile/${arn.cluster ?? '<cluster>'}/${arn.profile ?? '<profile>'}/*`;
        if (fargate.length === 0) {
          report({ resource: role, path: ['assume_role_policy'], messageId: 'noService', data: { role: role.address, profile: set.resource.address }, related: [{ resource: set.resource, path: set.role.source.path, note: 'Fargate profile using the role' }] });
        } else {
          const conditions = fargate.flatMap((s) => Object.entries(s.conditions ?? {}).flatMap(([op, keys]) => Object.entries(keys).map(([k, v]) => `${op} ${k} = ${v.join(' | ')}`))).join('; ') || 'no statement matches';
          report({ resource: role, path: ['assume_role_policy'], messageId: 'sourceArn', data: { role: role.address, profile: set.resource.address, profileArn, conditions }, related: [{ resource: set.resource, path: ['cluster_name'], note: 'Fargate profile and its cluster' }] });
        }
      }
    }
  },
});
