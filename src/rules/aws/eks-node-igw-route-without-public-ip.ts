import { nodeNetworks } from '../../analysis/aws-network.js';
import type { Resource } from '../../graph/resource.js';
import { defineRule } from '../define-rule.js';

/**
 * A route to an internet gateway only carries traffic of instances with a public IPv4 address:
 * without one, packets to ECR are never translated and the pull times out. EC2 assigns one from the
 * subnet's `map_public_ip_on_launch` (default false) unless the launch template (or the launch
 * configuration of a self-managed group) decides, and never when the template declares several network
 * interfaces. Fargate subnets are PF-AWS-021.
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateLaunchConfiguration.html
 */
export default defineRule({
  meta: {
    id: 'PF-AWS-010',
    name: 'eks-node-igw-route-without-public-ip',
    title: 'Internet-gateway route but the nodes get no public IPv4',
    severity: 'error',
    category: 'network',
    providers: ['aws'],
    messages: {
      subnet: 'Subnet `{{subnet}}` routes 0.0.0.0/0 to an internet gateway but does not assign public IPv4 addresses (`map_public_ip_on_launch` is not true), so nodes of `{{nodes}}` cannot reach ECR: pulls fail with "Client.Timeout exceeded while awaiting headers". Set `map_public_ip_on_launch = true`, or put the nodes in private subnets behind a NAT gateway.',
      template: 'Launch template `{{template}}` of `{{nodes}}` {{cause}}, while subnet `{{subnet}}` only routes to an internet gateway: nodes cannot reach ECR and pulls fail with "Client.Timeout exceeded while awaiting headers". Associate a public IP on the first interface, or use private subnets behind a NAT gateway.',
      configuration: 'Launch configuration `{{configuration}}` of `{{nodes}}` sets `associate_public_ip_address = false`, while subnet `{{subnet}}` only routes to an internet gateway: nodes cannot reach ECR and pulls fail with "Client.Timeout exceeded while awaiting headers". Set `associate_public_ip_address = true`, or use private subnets behind a NAT gateway.',
    },
    remediation: 'Either give the nodes public IPv4 addresses (Terraform `aws_subnet.map_public_ip_on_launch = true` or `network_interfaces { associate_public_ip_address = true }` in the launch template; CDK `SubnetType.PUBLIC`; Pulumi `mapPublicIpOnLaunch: true`), or move them to private subnets whose default route goes to a public NAT gateway.',
    pullError: 'Get https://ACCOUNT.dkr.ecr.REGION.amazonaws.com/v2/: net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
    references: [
      'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
      'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html',
    ],
  },
  check({ graph, report }) {
    const seen = new Set<Resource>();
    for (const network of nodeNetworks(graph)) {
      const { set } = network;
      if (set.type === 'fargate') continue;
      for (const path of network.paths) {
        if (path.reachable !== 'no') continue;
        for (const problem of path.egress.problems) {
          if (problem.kind !== 'igw-no-public-ip') continue;
          const related = [{ resource: problem.route.holder, path: problem.route.path, note: 'route to the internet gateway' }];
          if (problem.reason === 'subnet') {
            if (seen.has(path.subnet)) continue;
            seen.add(path.subnet);
            report({ resource: path.subnet, path: ['map_public_ip_on_launch'], messageId: 'subnet', data: { subnet: path.subnet.address, nodes: set.resource.address }, related });
          } else if (set.launchTemplate && !seen.has(set.launchTemplate)) {
            seen.add(set.launchTemplate);
            const cause = problem.reason === 'multiple-interfaces'
              ? 'declares several network interfaces (EC2 then never assigns a public IPv4)'
              : 'sets `associate_public_ip_address = false`';
            report({ resource: set.launchTemplate, path: ['network_interfaces'], messageId: 'template', data: { template: set.launchTemplate.address, nodes: set.resource.address, cause, subnet: path.subnet.address }, related });
          } else if (set.launchConfiguration && !seen.has(set.launchConfiguration)) {
            seen.add(set.launchConfiguration);
            report({ resource: set.launchConfiguration, path: ['associate_public_ip_address'], messageId: 'configuration', data: { configuration: set.launchConfiguration.address, nodes: set.resource.address, subnet: path.subnet.address }, related });
          }
        }
      }
    }
  },
});
