import { describe, expect, it } from 'vitest';
import { nodeNetworks } from '../../../src/analysis/aws-network.js';
import { fixtureGraph } from './helpers.js';

function describePaths(name: string): unknown {
  return nodeNetworks(fixtureGraph(name)).map((n) => ({
    set: n.set.resource.address,
    paths: n.paths.map((p) => ({
      subnet: p.subnet.address, egress: p.egress.status, via: p.egress.via?.target, problems: p.egress.problems.map((x) => x.kind),
      endpoints: p.endpoints?.status, reachable: p.reachable,
    })),
  }));
}

describe('nodeNetworks on real plans', () => {
  it('standard layout: private subnets behind a public NAT gateway', () => {
    expect(describePaths('standard-nat')).toEqual([{
      set: 'aws_eks_node_group.default',
      paths: [0, 1].map((i) => ({
        subnet: `aws_subnet.private[${i}]`, egress: 'yes', via: 'nat', problems: [], endpoints: 'no', reachable: 'yes',
      })),
    }]);
  });
});
