import { nodeNetworks } from '../../analysis/aws-network.js';
import { defineRule } from '../define-rule.js';

/**
 * Windows images built on older Microsoft base images carry "foreign" (non-distributable) layers
 * that the runtime downloads from Microsoft, not from ECR; nodes without internet egress cannot
 * fetch them. Microsoft removed foreign layers from its base images in June 2023, so only images
 * built on older bases are affected, which the infrastructure code cannot tell: advisory only.
 * https://techcommunity.microsoft.com/blog/containers/announcing-removal-of-foreign-layers-from-windows-container-images/3846833
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-024',
    name: 'eks-windows-nodes-no-internet',
    title: 'Windows nodes without internet egress may not fetch foreign layers',
    severity: 'note',
    category: 'network',
    providers: ['aws'],
    messages: {
      noInternet: 'Windows nodes of `{{nodes}}` have no internet egress: Windows images built on base images older than June 2023 carry foreign layers downloaded from Microsoft, and those pulls fail with "i/o timeout". Rebuild such images on current base images, or give the nodes a NAT gateway.',
    },
    remediation: 'Build Windows images on current Microsoft base images (no foreign layers since June 2023), or route the Windows node subnets to a public NAT gateway.',
    pullError: 'failed to pull and unpack image: failed to copy: httpReadSeeker: failed open: failed to do request: Get "https://mcr.microsoft.com/v2/...": dial tcp: i/o timeout',
    references: ['https://techcommunity.microsoft.com/blog/containers/announcing-removal-of-foreign-layers-from-windows-container-images/3846833'],
  },
  check({ graph, report }) {
    for (const network of nodeNetworks(graph)) {
      if (network.set.os !== 'windows' || network.paths.length === 0) continue;
      if (!network.paths.every((p) => p.egress.status === 'no')) continue;
      report({ resource: network.set.resource, path: network.set.subnetsPath, messageId: 'noInternet', data: { nodes: network.set.resource.address } });
    }
  },
});
