import { describe, expect, it } from 'vitest';
import { endpointSubnetPaths } from '../../../src/analysis/aws-network.js';
import { requiredRepositories } from '../../../src/analysis/ecr.js';
import { fixtureGraph } from './helpers.js';

describe('endpoint policies against the required repositories', () => {
  it('own-account policy: the plan repository passes, the three add-on repositories are refused on ecr.dkr only', () => {
    const graph = fixtureGraph('endpoint-policy-own-account');
    const paths = endpointSubnetPaths(graph);
    expect(paths).toHaveLength(2);
    const set = paths[0]!.set;
    expect(requiredRepositories(graph, set).map((r) => `${r.origin} ${r.arn}`)).toEqual([
      'addon arn:aws:ecr:eu-west-1:602401143452:repository/amazon-k8s-cni',
      'addon arn:aws:ecr:eu-west-1:602401143452:repository/eks/coredns',
      'addon arn:aws:ecr:eu-west-1:602401143452:repository/eks/kube-proxy',
      'plan-repository arn:aws:ecr:eu-west-1:111122223333:repository/app',
    ]);
    for (const path of paths) {
      expect(path.endpoints.policyUnknown).toEqual([]);
      expect(path.endpoints.policyBlocked.map((e) => ({
        endpoint: e.resource.address,
        denials: e.denials.map((d) => `${d.action} ${d.resource}`),
      }))).toEqual([{
        endpoint: 'aws_vpc_endpoint.ecr_dkr',
        denials: ['amazon-k8s-cni', 'eks/coredns', 'eks/kube-proxy'].flatMap((repo) => [
          `ecr:BatchGetImage arn:aws:ecr:eu-west-1:602401143452:repository/${repo}`,
          `ecr:GetDownloadUrlForLayer arn:aws:ecr:eu-west-1:602401143452:repository/${repo}`,
        ]),
      }]);
    }
  });

  it('own + add-on accounts: nothing refused; conditions: unknown with a reason', () => {
    for (const path of endpointSubnetPaths(fixtureGraph('endpoint-policy-own-and-addon-accounts'))) {
      expect([path.endpoints.policyBlocked, path.endpoints.policyUnknown]).toEqual([[], []]);
    }
    for (const path of endpointSubnetPaths(fixtureGraph('endpoint-policy-conditions'))) {
      expect(path.endpoints.policyBlocked).toEqual([]);
      expect(path.endpoints.policyUnknown.map((e) => [e.resource.address, e.reason])).toEqual([
        ['aws_vpc_endpoint.ecr_dkr', 'the policy depends on conditions or principals pullfix cannot evaluate before apply'],
      ]);
    }
  });
});
