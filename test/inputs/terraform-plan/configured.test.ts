import { describe, expect, it } from 'vitest';
import { nodeNetworks } from '../../../src/analysis/aws-network.js';
import { routesOf } from '../../../src/analysis/aws-network/routes.js';
import { unsetOnCreate } from '../../../src/analysis/aws-network/indexes.js';
import { routesOf as azureRoutesOf } from '../../../src/analysis/azure/firewall.js';
import { buildGraph } from '../../../src/engine/lint.js';
import { loadInputs } from '../../../src/engine/load.js';
import type { ResourceGraph } from '../../../src/graph/graph.js';
import { Resource } from '../../../src/graph/resource.js';
import { isConfigured } from '../../../src/inputs/terraform-plan/configured.js';
import { byAddress, linksOf, parseFixture, parsePlan } from './helpers.js';

function graphOf(file: string): ResourceGraph {
  const { loaded, errors } = loadInputs([`test/fixtures/terraform-plan/${file}`]);
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return buildGraph(loaded);
}

function resourceOf(graph: ResourceGraph, address: string): Resource {
  const found = graph.all().find((r) => r.address === address);
  if (!found) throw new Error(`no resource ${address}`);
  return found;
}

describe('isConfigured on configuration expressions', () => {
  const expressions = {
    name: { constant_value: 'x' },
    nothing: { constant_value: null },
    policy: {},
    vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] },
    route: { references: ['aws_internet_gateway.gw.id', 'aws_internet_gateway.gw'] },
    literal_rules: { constant_value: [{ from_port: 443, cidr_blocks: ['10.0.0.0/8'], description: null }] },
    load_balancer: [
      { container_name: { constant_value: 'app' }, target_group_arn: { references: ['aws_lb_target_group.tg.arn'] } },
      { container_name: { constant_value: 'sidecar' }, elb_name: { constant_value: 'legacy' } },
    ],
    network_profile: { network_plugin: { constant_value: 'azure' } },
  };

  it('tells set attributes, literal nulls and unset ones apart', () => {
    expect(isConfigured(expressions, ['name'])).toBe(true);
    expect(isConfigured(expressions, ['policy'])).toBe(true); // a function call is a setting, value unknown
    expect(isConfigured(expressions, ['vpc_id'])).toBe(true);
    expect(isConfigured(expressions, ['nothing'])).toBe(false);
    expect(isConfigured(expressions, ['private_dns_enabled'])).toBe(false);
  });

  it('looks into nested blocks: any block for a name, one block for a position', () => {
    expect(isConfigured(expressions, ['load_balancer'])).toBe(true);
    expect(isConfigured(expressions, ['load_balancer', 'elb_name'])).toBe(true);
    expect(isConfigured(expressions, ['load_balancer', 0, 'elb_name'])).toBe(false);
    expect(isConfigured(expressions, ['load_balancer', 1, 'elb_name'])).toBe(true);
    expect(isConfigured(expressions, ['load_balancer', 2])).toBe(false);
    expect(isConfigured(expressions, ['network_profile', 'network_plugin'])).toBe(true);
    expect(isConfigured(expressions, ['network_profile', 'outbound_type'])).toBe(false);
  });

  it('reads into literals, and cannot tell below an expression with references', () => {
    expect(isConfigured(expressions, ['literal_rules', 0, 'from_port'])).toBe(true);
    expect(isConfigured(expressions, ['literal_rules', 'cidr_blocks'])).toBe(true);
    expect(isConfigured(expressions, ['literal_rules', 0, 'description'])).toBe(false);
    expect(isConfigured(expressions, ['literal_rules', 0, 'to_port'])).toBe(false);
    expect(isConfigured(expressions, ['route', 'gateway_id'])).toBeUndefined();
    expect(isConfigured(expressions, ['route', 0, 'cidr_block'])).toBeUndefined();
  });
});

describe('nested blocks planned wholly unknown, rebuilt from the configuration', () => {
  // The legacy SDK plans a set of nested blocks wholly unknown as soon as one element holds an
  // unknown value; the configuration keeps one expression object per block (input-formats.md §1.4).
  const plan = {
    format_version: '1.2',
    resource_changes: [
      {
        address: 'aws_lb_target_group.tg', mode: 'managed', type: 'aws_lb_target_group', name: 'tg',
        change: { actions: ['create'], after: { name: 'tg' }, after_unknown: { arn: true, id: true } },
      },
      {
        address: 'aws_ecs_service.svc', mode: 'managed', type: 'aws_ecs_service', name: 'svc',
        change: {
          actions: ['create'],
          after: { name: 'svc' },
          after_unknown: { id: true, load_balancer: true, network_configuration: true, capacity_provider_strategy: true, tags_all: true },
        },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_lb_target_group.tg', mode: 'managed', type: 'aws_lb_target_group', name: 'tg', expressions: { name: { constant_value: 'tg' } } },
          {
            address: 'aws_ecs_service.svc', mode: 'managed', type: 'aws_ecs_service', name: 'svc',
            expressions: {
              name: { constant_value: 'svc' },
              load_balancer: [{
                target_group_arn: { references: ['aws_lb_target_group.tg.arn', 'aws_lb_target_group.tg'] },
                container_name: { constant_value: 'app' },
                container_port: { constant_value: 80 },
                elb_name: { constant_value: null },
              }],
              network_configuration: { references: ['aws_lb_target_group.tg'] },
              capacity_provider_strategy: [{ capacity_provider: {}, weight: { constant_value: 1 } }],
            },
          },
        ],
      },
    },
  };

  it('keeps literal leaves, marks referencing and computed leaves unknown, sets nothing the configuration leaves unset', () => {
    const svc = byAddress(parsePlan(plan), 'aws_ecs_service.svc');
    expect(svc.attrs).toEqual({
      name: 'svc',
      load_balancer: [{ container_name: 'app', container_port: 80 }],
      capacity_provider_strategy: [{ weight: 1 }],
    });
    expect(svc.unknown).toEqual({
      id: true, tags_all: true,
      load_balancer: [{ target_group_arn: true }],
      network_configuration: true, // an attribute expression: nothing to rebuild
      capacity_provider_strategy: [{ capacity_provider: true }],
    });
    expect(linksOf(svc)).toEqual({
      'load_balancer.target_group_arn': ['aws_lb_target_group.tg arn'],
      network_configuration: ['aws_lb_target_group.tg'],
    });
  });

  it('reads through Resource: known literals located in the configuration, unknown leaves with their links', () => {
    const svc = new Resource(byAddress(parsePlan(plan), 'aws_ecs_service.svc'), { index: 0, path: 'plan.json', format: 'terraform-plan' });
    expect(svc.get(['load_balancer', 'container_port'])).toEqual({
      known: true, value: 80, loc: { file: 'plan.json', pointer: '/configuration/root_module/resources/1/expressions/load_balancer/0/container_port' },
    });
    expect(svc.get(['load_balancer', 'target_group_arn'])).toMatchObject({ known: false, why: 'computed' });
    expect(svc.get(['load_balancer', 'elb_name'])).toBeUndefined();
    expect(svc.links(['load_balancer', 0, 'target_group_arn']).map((l) => l.address)).toEqual(['aws_lb_target_group.tg']);
    expect(svc.locOf(['name']).pointer).toBe('/resource_changes/1/change/after/name');
    expect(svc.configured(['load_balancer', 'elb_name'])).toBe(false);
    expect(svc.configured(['load_balancer', 'container_name'])).toBe(true);
  });

  it('leaves a plan without configuration as planned, and configured() undefined', () => {
    const bare = byAddress(parsePlan({ ...plan, configuration: undefined }), 'aws_ecs_service.svc');
    expect(bare.unknown).toMatchObject({ load_balancer: true });
    expect(bare.configured).toBeUndefined();
  });
});

describe('own plan: inline-blocks-aws (attributes-as-blocks referring to new resources)', () => {
  const resources = parseFixture('inline-blocks-aws/plan.json');
  const graph = graphOf('inline-blocks-aws/plan.json');

  it('keeps attributes-as-blocks unknown: their configuration is one expression without literals or block count', () => {
    // `route`, `ingress` and `egress` are SchemaConfigModeAttr sets: Terraform records the whole set as
    // one expression, `{"references": [...]}`, so cidr_block = "0.0.0.0/0" is nowhere in the plan.
    const table = byAddress(resources, 'aws_route_table.public');
    expect(table.unknown).toMatchObject({ route: true });
    expect(linksOf(table)).toMatchObject({ route: ['aws_internet_gateway.igw id'] });
    const sg = byAddress(resources, 'aws_security_group.nodes');
    expect(sg.unknown).toMatchObject({ egress: true, ingress: true });
    expect(linksOf(sg)).toMatchObject({ egress: ['aws_security_group.peer id'] });
  });

  it('says which attributes the configuration sets', () => {
    const table = resourceOf(graph, 'aws_route_table.public');
    expect(table.configured(['route'])).toBe(true);
    expect(table.configured(['route', 0, 'cidr_block'])).toBeUndefined();
    expect(table.configured(['propagating_vgws'])).toBe(false);
    const sg = resourceOf(graph, 'aws_security_group.nodes');
    expect(sg.configured(['egress'])).toBe(true);
    expect(sg.configured(['ingress'])).toBe(false);
    const dkr = resourceOf(graph, 'aws_vpc_endpoint.ecr_dkr');
    expect(dkr.configured(['private_dns_enabled'])).toBe(false);
    expect(dkr.configured(['security_group_ids'])).toBe(false);
    // A value computed through a local: no link (locals are not exported) but configured.
    const api = resourceOf(graph, 'aws_vpc_endpoint.ecr_api');
    expect(api.links(['security_group_ids'])).toEqual([]);
    expect(api.configured(['security_group_ids'])).toBe(true);
  });

  it('unsetOnCreate trusts the configuration: unset attributes take the provider default, a local is not unset', () => {
    expect(unsetOnCreate(resourceOf(graph, 'aws_vpc_endpoint.ecr_dkr'), ['private_dns_enabled'])).toBe(true);
    expect(unsetOnCreate(resourceOf(graph, 'aws_vpc_endpoint.ecr_dkr'), ['security_group_ids'])).toBe(true);
    expect(unsetOnCreate(resourceOf(graph, 'aws_vpc_endpoint.ecr_api'), ['security_group_ids'])).toBe(false);
    expect(unsetOnCreate(resourceOf(graph, 'aws_security_group.nodes'), ['ingress'])).toBe(true);
    expect(unsetOnCreate(resourceOf(graph, 'aws_security_group.nodes'), ['egress'])).toBe(false);
  });

  it('reads the inline routes to the gateways from their links', () => {
    const show = (address: string): unknown => {
      const routes = routesOf(graph, resourceOf(graph, address));
      return Array.isArray(routes) ? routes.map((r) => `${r.target} ${r.targetResource?.address ?? '-'} ${r.destination ?? '?'}`) : routes;
    };
    expect(show('aws_route_table.public')).toEqual(['igw aws_internet_gateway.igw ?']);
    expect(show('aws_route_table.private')).toEqual(['nat aws_nat_gateway.nat ?']);
  });

  it('end to end: nodes in the public subnet routed inline to the internet gateway have internet egress', () => {
    const paths = nodeNetworks(graph).flatMap((n) => n.paths.map((p) => ({
      set: n.set.resource.address, subnet: p.subnet.address, egress: p.egress.status, via: p.egress.via?.target,
    })));
    expect(paths).toEqual([{ set: 'aws_eks_node_group.default', subnet: 'aws_subnet.public', egress: 'yes', via: 'igw' }]);
  });
});

describe('own plan: inline-blocks-azure (route to a firewall IP of the same plan)', () => {
  const resources = parseFixture('inline-blocks-azure/plan.json');
  const graph = graphOf('inline-blocks-azure/plan.json');

  it('keeps the attributes-as-blocks route set unknown, linked to the firewall IP, and configured', () => {
    const table = byAddress(resources, 'azurerm_route_table.rt');
    expect(table.unknown).toMatchObject({ route: true });
    expect(linksOf(table)).toMatchObject({ route: ['azurerm_firewall.fw ip_configuration.0.private_ip_address'] });
    const rt = resourceOf(graph, 'azurerm_route_table.rt');
    expect(rt.configured(['route'])).toBe(true);
    expect(azureRoutesOf(graph, rt)).toBeUndefined(); // next hops not in the plan: unknown, not "no routes"
  });

  it('nested blocks of the firewall stay element-wise: literal name known, computed address unknown', () => {
    const fw = resourceOf(graph, 'azurerm_firewall.fw');
    expect(fw.get(['ip_configuration', 'name'])).toMatchObject({ known: true, value: 'cfg' });
    expect(fw.get(['ip_configuration', 'private_ip_address'])).toMatchObject({ known: false });
  });
});
