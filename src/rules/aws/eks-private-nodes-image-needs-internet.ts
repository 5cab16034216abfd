import { nodeNetworks } from '../../analysis/aws-network.js';
import { parseEcrHost } from '../../analysis/image-ref.js';
import { pulledImages } from '../../analysis/workloads.js';
import { defineRule } from '../define-rule.js';

/**
 * ECR VPC endpoints only serve the private registries of their own region, and not the dual-stack
 * registry names (`<account>.dkr-ecr.<region>.on.aws`); every other registry (Docker Hub,
 * public.ecr.aws, registry.k8s.io, quay.io, ghcr.io…) needs internet egress. Reported only when every
 * node subnet definitely lacks internet egress.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-vpc-endpoint-considerations
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-018',
    name: 'eks-private-nodes-image-needs-internet',
    title: 'Image source needs the internet but the nodes are private-only',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      needsInternet: 'Container `{{container}}` pulls `{{image}}` from {{source}}, but no EKS node subnet has internet egress (they reach ECR only through VPC endpoints{{region}}): the pull fails with "i/o timeout" / "Client.Timeout exceeded while awaiting headers". Mirror the image into a private ECR repository of the cluster region (pull-through cache rule or replication), or give the nodes a NAT gateway.',
    },
    remediation: 'Serve the image from a private ECR repository in the cluster region (copy it, use `aws_ecr_pull_through_cache_rule` with a NAT path for the first pull, or `aws_ecr_replication_configuration` for cross-region repositories), or add internet egress through a public NAT gateway.',
    pullError: 'Get https://registry-1.docker.io/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    references: [
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html',
    ],
  },
  check({ graph, report }) {
    const networks = nodeNetworks(graph);
    const paths = networks.flatMap((n) => n.paths);
    if (paths.length === 0 || networks.some((n) => n.subnetsUnknown)) return;
    if (!paths.every((p) => p.egress.status === 'no')) return;
    const regions = new Set<string>();
    const serviceRegions = new Set<string>();
    for (const p of paths) {
      for (const e of p.endpoints?.endpoints ?? []) {
        if (e.service === 's3') continue;
        regions.add(e.region);
        const other = e.resource.get(['service_region']);
        if (other?.known && typeof other.value === 'string') serviceRegions.add(other.value);
      }
    }
    for (const image of pulledImages(graph)) {
      if (!image.parsed?.ok) continue;
      const ref = image.parsed.ref;
      const ecr = parseEcrHost(ref.host);
      let source: string | undefined;
      if (ecr?.dualStack) source = 'the ECR dual-stack endpoint, which VPC endpoints do not serve';
      else if (ecr) {
        if (regions.size === 0 || regions.has(ecr.region) || serviceRegions.has(ecr.region)) continue;
        source = `ECR in region \`${ecr.region}\`, which the VPC endpoints (region ${[...regions].map((r) => `\`${r}\``).join(', ')}) do not serve`;
      } else {
        source = `\`${ref.host}\`, a registry outside private ECR`;
      }
      report({
        resource: image.workload, path: image.path, messageId: 'needsInternet',
        data: { container: image.container, image: ref.raw, source, region: regions.size > 0 ? ` in ${[...regions].join(', ')}` : '' },
        related: networks.slice(0, 3).map((n) => ({ resource: n.set.resource, path: n.set.subnetsPath, note: 'private-only nodes' })),
      });
    }
  },
});
