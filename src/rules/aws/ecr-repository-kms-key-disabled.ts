import { resolveRefs } from '../../analysis/aws-nodes.js';
import { defineRule } from '../define-rule.js';

/**
 * ECR decrypts KMS-encrypted images through the grant it creates on the key when the repository is
 * created; pulls then need no kms:Decrypt on the node role, but they fail when the key is disabled.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-023',
    name: 'ecr-repository-kms-key-disabled',
    title: 'KMS key of an encrypted repository is disabled',
    severity: 'error',
    category: 'encryption',
    providers: ['aws'],
    messages: {
      disabled: 'Repository `{{repository}}` is encrypted with KMS key `{{key}}`, which this plan leaves disabled (`is_enabled = false`): ECR cannot decrypt the image layers and every pull from the repository fails. Enable the key (`is_enabled = true`, CDK `enabled: true`, Pulumi `isEnabled: true`).',
    },
    remediation: 'Keep the repository\'s KMS key enabled and not scheduled for deletion. Do not add kms:Decrypt to the node role: ECR decrypts through its own grant on the key.',
    pullError: 'Failed to pull image "ACCOUNT.dkr.ecr.REGION.amazonaws.com/repo:tag": ECR cannot decrypt the image layers because the repository\'s KMS key is disabled',
    references: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html'],
  },
  check({ graph, report }) {
    for (const repo of graph.ofKind('aws.ecr.repository')) {
      if (repo.mode !== 'managed') continue;
      const type = repo.get(['encryption_configuration', 'encryption_type']);
      if (!type?.known || typeof type.value !== 'string' || !type.value.toUpperCase().startsWith('KMS')) continue;
      const keys = resolveRefs(graph, repo, ['encryption_configuration', 'kms_key'], ['aws.kms.key']);
      if (keys.status !== 'resolved') continue;
      for (const key of keys.resources) {
        const enabled = key.get(['is_enabled']);
        if (!enabled?.known || enabled.value !== false) continue;
        report({
          resource: repo, path: ['encryption_configuration', 0, 'kms_key'], messageId: 'disabled',
          data: { repository: repo.address, key: key.address },
          related: [{ resource: key, path: ['is_enabled'], note: 'key disabled here' }],
        });
      }
    }
  },
});
