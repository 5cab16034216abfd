/**
 * Terraform addresses and reference traversals as they appear in plan JSON:
 * `module.a[0].module.b["x"].data.aws_region.current`, `aws_iam_role.node[0].arn`,
 * `azurerm_kubernetes_cluster.k.kubelet_identity[0].object_id`, `data.x.y[1].vars["baz"]`.
 */

/** One step of a traversal: `.name` or `[key]` (with the key's text as written, for addresses). */
export type Step =
  | { readonly name: string; readonly key?: undefined; readonly text?: undefined }
  | { readonly name?: undefined; readonly key: string | number; readonly text: string };

function isIdentChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57)
    || code === 95 || code === 45;
}

/**
 * Splits a traversal into steps. A splat (`[*]`) ends the traversal: what follows applies to every
 * element and names no single attribute. Returns undefined for text that is not a traversal.
 */
export function parseTraversal(text: string): Step[] | undefined {
  if (text.indexOf('[') < 0) {
    // Fast path for the common `a.b.c` form.
    const names = text.split('.');
    const simple: Step[] = new Array(names.length);
    for (let k = 0; k < names.length; k += 1) {
      const name = names[k]!;
      if (name === '' || !/^[A-Za-z0-9_-]+$/.test(name)) return parseSlow(text);
      simple[k] = { name };
    }
    return simple;
  }
  return parseSlow(text);
}

function parseSlow(text: string): Step[] | undefined {
  const steps: Step[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      if (steps.length === 0) return undefined;
      i += 1;
      continue;
    }
    if (c === 91 /* [ */) {
      if (steps.length === 0) return undefined;
      const next = text.charCodeAt(i + 1);
      if (next === 42 /* * */) return steps;
      if (next === 34 /* " */) {
        let j = i + 2;
        while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
        if (j >= n || text.charCodeAt(j + 1) !== 93) return undefined;
        let key: string;
        try {
          key = JSON.parse(text.slice(i + 1, j + 1)) as string;
        } catch {
          key = text.slice(i + 2, j);
        }
        steps.push({ key, text: text.slice(i, j + 2) });
        i = j + 2;
        continue;
      }
      const close = text.indexOf(']', i);
      if (close < 0) return undefined;
      const raw = text.slice(i + 1, close);
      if (!/^-?\d+$/.test(raw)) return steps; // a dynamic index (`[count.index]`) ends what is static
      steps.push({ key: Number(raw), text: text.slice(i, close + 1) });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && isIdentChar(text.charCodeAt(j))) j += 1;
    if (j === i) return undefined;
    steps.push({ name: text.slice(i, j) });
    i = j;
  }
  return steps;
}

/** The parts of a resource instance address. */
export interface AddressParts {
  /** Module instance path, `""` for the root: `module.a[0].module.b["x"]`. */
  readonly moduleInstance: string;
  /** The same path without instance keys: the configuration's module path (`module.a.module.b`). */
  readonly configModule: string;
  /** Address inside the module, without instance key: `aws_iam_role.node`, `data.aws_region.current`. */
  readonly configAddress: string;
}

/** Splits a full resource instance address; undefined when it is not one. */
export function splitAddress(address: string): AddressParts | undefined {
  const steps = parseTraversal(address);
  if (!steps) return undefined;
  let i = 0;
  let moduleInstance = '';
  let configModule = '';
  while (steps[i]?.name === 'module' && steps[i + 1]?.name !== undefined && i + 2 < steps.length) {
    const call = steps[i + 1]!.name!;
    const keyStep = steps[i + 2]!;
    const key = keyStep.name === undefined ? keyStep.text : '';
    moduleInstance += `${moduleInstance ? '.' : ''}module.${call}${key}`;
    configModule += `${configModule ? '.' : ''}module.${call}`;
    i += key ? 3 : 2;
  }
  let prefix = '';
  if (steps[i]?.name === 'data') {
    prefix = 'data.';
    i += 1;
  }
  const type = steps[i]?.name;
  const name = steps[i + 1]?.name;
  if (type === undefined || name === undefined) return undefined;
  return { moduleInstance, configModule, configAddress: `${prefix}${type}.${name}` };
}

/** Module instance path → configuration module path (instance keys removed). */
export function configModuleOf(moduleInstance: string): string {
  if (moduleInstance === '' || !moduleInstance.includes('[')) return moduleInstance;
  const steps = parseTraversal(moduleInstance) ?? [];
  return steps.filter((s) => s.name !== undefined).map((s) => s.name).join('.');
}

/** A module instance path split into its calls: `module.a[0].module.b` → [{call:"a",key:"[0]"}, {call:"b",key:""}]. */
export function moduleSegments(moduleInstance: string): { call: string; key: string }[] {
  if (moduleInstance === '') return [];
  const steps = parseTraversal(moduleInstance) ?? [];
  const out: { call: string; key: string }[] = [];
  for (let i = 0; i < steps.length; i += 1) {
    if (steps[i]?.name !== 'module' || steps[i + 1]?.name === undefined) continue;
    const call = steps[i + 1]!.name!;
    const next = steps[i + 2];
    const key = next && next.name === undefined ? next.text : '';
    out.push({ call, key });
    i += key ? 2 : 1;
  }
  return out;
}

/** Attribute path of a traversal's tail: names are keys, brackets are positions or map keys. */
export function attributePath(steps: readonly Step[]): (string | number)[] {
  return steps.map((s) => (s.name !== undefined ? s.name : s.key));
}
