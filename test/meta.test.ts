import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from '../src/engine/config-schema.js';
import { generateDocs } from '../src/dev/gen-docs.js';
import type { AnyRule } from '../src/rules/define-rule.js';
import { rules } from '../src/rules/index.js';

/**
 * The project-wide contract between rule files, the registry, the docs and the tests (ESLint's
 * checkRuleFiles, typescript-eslint's docs test). Each failure says what to add and where.
 */
const ROOT = join(import.meta.dirname, '..');
const FOLDER_OF: Record<string, string> = { AWS: 'aws', AZ: 'azure', K8S: 'k8s' };
const HEADINGS = ['## Why image pulls fail', '## Symptom', '## Examples', '## How to fix', '## When not to use it', '## References'];

function filesUnder(dir: string, test: (file: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, test));
    else if (test(path)) out.push(path);
  }
  return out;
}

const ruleFiles = ['aws', 'azure', 'k8s'].flatMap((folder) => filesUnder(join(ROOT, 'src/rules', folder), (f) => f.endsWith('.ts') && !f.includes('/', join(ROOT, 'src/rules', folder).length + 1)));
const loaded = await Promise.all(ruleFiles.map(async (file) => ({ file, mod: (await import(pathToFileURL(file).href)) as { default?: AnyRule } })));
const testText = filesUnder(join(ROOT, 'test'), (f) => f.endsWith('.ts')).map((f) => readFileSync(f, 'utf8')).join('\n');

describe('registry', () => {
  it('ids follow the catalog pattern and are unique; names are kebab-case and unique', () => {
    const ids = rules.map((r) => r.meta.id);
    const names = rules.map((r) => r.meta.name);
    expect(ids.filter((id) => !/^PF-(AWS|AZ|K8S)-\d{3}$/.test(id)), 'ids must look like PF-AWS-001').toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'duplicate ids').toEqual([]);
    expect(names.filter((n) => !/^[a-z0-9]+(-[a-z0-9]+)+$/.test(n)), 'names must be kebab-case <subject>-<problem>').toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i), 'duplicate names').toEqual([]);
  });

  it('is sorted by id', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('registers every rule file, and every registered rule lives in src/rules/<provider>/<name>.ts', () => {
    const unregistered = loaded.filter(({ mod }) => !mod.default || !rules.includes(mod.default)).map(({ file }) => relative(ROOT, file));
    expect(unregistered, 'add these files to src/rules/index.ts (one import, one array line, sorted by id)').toEqual([]);
    const misplaced = rules.filter((rule) => {
      const entry = loaded.find(({ mod }) => mod.default === rule);
      const folder = FOLDER_OF[rule.meta.id.split('-')[1]!];
      return !entry || basename(entry.file, '.ts') !== rule.meta.name || !entry.file.includes(`/src/rules/${folder}/`);
    }).map((r) => `${r.meta.id} ${r.meta.name}`);
    expect(misplaced, 'each rule is the default export of src/rules/<aws|azure|k8s>/<meta.name>.ts').toEqual([]);
  });
});

describe.each(rules.map((r) => [`${r.meta.id} ${r.meta.name}`, r] as const))('%s', (_label, rule) => {
  const { meta } = rule;
  const docFile = join(ROOT, 'policies/rules', `${meta.name}.md`);

  it('has complete metadata', () => {
    expect(meta.title.trim(), 'title').not.toBe('');
    expect(meta.title.endsWith('.'), 'title has no trailing period').toBe(false);
    expect(Object.keys(meta.messages).length, 'at least one message template').toBeGreaterThan(0);
    expect(meta.pullError.trim(), 'pullError quotes the kubelet error').not.toBe('');
    expect(meta.remediation.trim(), 'remediation').not.toBe('');
    expect(meta.references.filter((r) => !/^https:\/\//.test(r)), 'references are https links').toEqual([]);
  });

  it(`has its page policies/rules/${meta.name}.md with front matter and the headings in order`, () => {
    expect(existsSync(docFile), `write policies/rules/${meta.name}.md`).toBe(true);
    const page = readFileSync(docFile, 'utf8');
    const front = /^---\n([\s\S]*?)\n---\n/.exec(page);
    expect(front, 'front matter: ---\\nid: …\\nname: …\\n---').not.toBeNull();
    expect(/^id:\s*(\S+)\s*$/m.exec(front![1]!)?.[1], 'front matter id').toBe(meta.id);
    expect(/^name:\s*(\S+)\s*$/m.exec(front![1]!)?.[1], 'front matter name').toBe(meta.name);
    const headings = page.split('\n').filter((line) => /^## /.test(line)).map((line) => line.trimEnd());
    expect(headings, 'level-2 headings, in this order').toEqual(HEADINGS);
  });

  it('is mentioned by a test', () => {
    expect(testText.includes(meta.name) || testText.includes(meta.id), `add tests naming ${meta.name} under test/`).toBe(true);
  });
});

describe('docs', () => {
  it('has no page without a rule', () => {
    const names = new Set(rules.map((r) => r.meta.name));
    const orphans = filesUnder(join(ROOT, 'policies/rules'), (f) => f.endsWith('.md')).map((f) => basename(f, '.md')).filter((n) => !names.has(n));
    expect(orphans, 'pages in policies/rules/ whose rule does not exist').toEqual([]);
  });

  it('generated regions are up to date (npm run docs)', () => {
    const { changes, problems } = generateDocs(ROOT, rules);
    expect(problems).toEqual([]);
    expect([...changes.keys()], 'run npm run docs and commit the result').toEqual([]);
  });

  it('ships the config schema the CLI enforces', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'schemas/config.schema.json'), 'utf8'))).toEqual(CONFIG_SCHEMA);
  });
});
