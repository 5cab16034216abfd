import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadInputs } from '../../../src/engine/load.js';
import { buildGraph } from '../../../src/engine/lint.js';
import { kubernetesManifestParser } from '../../../src/inputs/kubernetes/parse.js';
import { INPUT_PARSERS } from '../../../src/inputs/registry.js';
import { pulledImages } from '../../../src/analysis/workloads.js';

const parse = (path: string, text: string) => {
  const json = /^\s*[{[]/.test(text) ? JSON.parse(text) as unknown : undefined;
  const source = json === undefined ? { path, text } : { path, text, json };
  return { accepted: kubernetesManifestParser.accepts(source), parse: () => kubernetesManifestParser.parse(source) };
};

describe('Kubernetes manifest reader', () => {
  test('helm template output: addresses, pointers with the document index, # Source as display path', () => {
    const dir = fileURLToPath(new URL('../../fixtures/k8s/manifests/aks', import.meta.url));
    const { loaded, errors } = loadInputs([dir]);
    expect(errors).toEqual([]);
    expect(loaded.map((l) => l.path.slice(dir.length + 1))).toEqual(['web.yaml', 'windows.json']);
    const graph = buildGraph(loaded);
    expect(graph.all().map((r) => `${r.address} ${r.kind} ${r.nativeType} ${r.displayPath ?? ''}`.trim())).toEqual([
      'shop/Service/web k8s.manifest v1/Service shop/templates/service.yaml',
      'shop/Deployment/web k8s.workload apps/v1/Deployment shop/templates/deployment.yaml',
      'shop/Deployment/worker k8s.workload apps/v1/Deployment shop/templates/worker.yaml',
      'shop/Pod/iis k8s.workload v1/Pod',
      'shop/Secret/regcred k8s.secret v1/Secret',
    ]);
    expect(pulledImages(graph).map((i) => `${i.workload.address} ${i.container} ${i.image.loc.pointer}`)).toEqual([
      'shop/Deployment/web web /1/spec/template/spec/containers/0/image',
      'shop/Deployment/web debug /1/spec/template/spec/ephemeralContainers/0/image',
      'shop/Deployment/worker wait /2/spec/template/spec/initContainers/0/image',
      'shop/Deployment/worker worker /2/spec/template/spec/containers/0/image',
      'shop/Pod/iis iis /0/items/0/spec/containers/0/image',
    ]);
  });

  test('empty documents keep their index; non-objects are ignored with a warning; duplicates get a suffix', () => {
    const text = '---\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers: [{name: a, image: nginx}]\n---\njust: values\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: seed-\n  namespace: ops\n';
    const p = parse('m.yaml', text);
    expect(p.accepted).toBe(true);
    const out = p.parse();
    expect(out.resources.map((r) => `${r.address} ${r.pointer}`)).toEqual([
      'default/Pod/a /1', 'default/Pod/a #2 /3', 'Namespace/shop /4', 'ops/Job/seed-* /5',
    ]);
    expect(out.warnings).toEqual(['m.yaml: document 2 is not a Kubernetes object (no apiVersion/kind); ignored']);
  });

  test('files that are not Kubernetes objects are declined', () => {
    expect(parse('values.yaml', 'image:\n  repository: x\n').accepted).toBe(false);
    expect(parse('plan.json', '{"format_version":"1.2","resource_changes":[]}').accepted).toBe(false);
    expect(parse('package.json', '{"name":"x"}').accepted).toBe(false);
    expect(parse('notes.txt', 'hello').accepted).toBe(false);
  });

  test('hostile YAML: no custom tags, bounded aliases, one-line error naming the file', () => {
    const tagged = parse('evil.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: !!js/function "function(){}"\n');
    expect(tagged.accepted).toBe(true);
    expect(() => tagged.parse()).toThrow(/^evil\.yaml: invalid YAML: unknown .*tag/);
    const aliases = 'apiVersion: v1\nkind: Pod\na: &a [x, x]\n' + Array.from({ length: 101 }, (_, i) => `k${i}: *a`).join('\n') + '\n';
    expect(() => parse('bomb.yaml', aliases).parse()).toThrow(/maxAliases/);
  });

  test('the loader offers manifests to the Kubernetes reader last', () => {
    expect(INPUT_PARSERS.at(-1)).toBe(kubernetesManifestParser);
  });
});
