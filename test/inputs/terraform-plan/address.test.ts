import { describe, expect, it } from 'vitest';
import { configModuleOf, moduleSegments, parseTraversal, splitAddress } from '../../../src/inputs/terraform-plan/address.js';
import { outermost } from '../../../src/inputs/terraform-plan/config.js';

describe('Terraform addresses and traversals', () => {
  it('splits instance addresses into module instance, configuration module and configuration address', () => {
    expect(splitAddress('module.a[0].module.b["x.y"].data.aws_region.current')).toEqual({
      moduleInstance: 'module.a[0].module.b["x.y"]', configModule: 'module.a.module.b', configAddress: 'data.aws_region.current',
    });
    expect(splitAddress('aws_iam_role.node[3]')).toEqual({ moduleInstance: '', configModule: '', configAddress: 'aws_iam_role.node' });
    expect(splitAddress('module.m.aws_vpc.v')).toEqual({ moduleInstance: 'module.m', configModule: 'module.m', configAddress: 'aws_vpc.v' });
    expect(splitAddress('nonsense')).toBeUndefined();
  });

  it('parses traversals with quoted keys, numbers, splats and dynamic indexes', () => {
    expect(parseTraversal('data.x.y[1].vars["baz"]')).toEqual([
      { name: 'data' }, { name: 'x' }, { name: 'y' }, { key: 1, text: '[1]' }, { name: 'vars' }, { key: 'baz', text: '["baz"]' },
    ]);
    expect(parseTraversal('aws_subnet.a[*].id')).toEqual([{ name: 'aws_subnet' }, { name: 'a' }]);
    expect(parseTraversal('aws_subnet.a[count.index]')).toEqual([{ name: 'aws_subnet' }, { name: 'a' }]);
    expect(parseTraversal('.x')).toBeUndefined();
  });

  it('strips instance keys and lists module calls', () => {
    expect(configModuleOf('module.a["k"].module.b[2]')).toBe('module.a.module.b');
    expect(moduleSegments('module.a["k"].module.b')).toEqual([{ call: 'a', key: '["k"]' }, { call: 'b', key: '' }]);
  });

  it('keeps only the longest form of each reference', () => {
    expect(outermost([
      'azurerm_kubernetes_cluster.k.kubelet_identity[0].object_id', 'azurerm_kubernetes_cluster.k.kubelet_identity[0]',
      'azurerm_kubernetes_cluster.k.kubelet_identity', 'azurerm_kubernetes_cluster.k',
    ])).toEqual(['azurerm_kubernetes_cluster.k.kubelet_identity[0].object_id']);
    expect(outermost(['aws_a.x.id', 'aws_a.x', 'aws_a.xy.id', 'aws_a.xy'])).toEqual(['aws_a.x.id', 'aws_a.xy.id']);
  });
});
