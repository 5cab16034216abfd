import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, findConfig, keyPath, loadConfig } from '../../src/engine/config.js';
import { defineRule } from '../../src/rules/define-rule.js';

const rule = (id: `PF-AZ-${number}`, name: string) => defineRule({
  meta: { id, name, title: 't', severity: 'error', category: 'iam', providers: ['azure'], messages: { m: 'm' }, remediation: 'r', pullError: 'p', references: [] },
  defaultOptions: { expiryWindowDays: 30 },
  check() {},
});
const RULES = [rule('PF-AZ-004', 'acr-pull-role-stale-service-principal'), rule('PF-AZ-005', 'aks-service-principal-secret-expired')];
const tmp = mkdtempSync(join(tmpdir(), 'pullfix-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(tmp, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('turns rules, options, globs and suppressions into settings', () => {
    const file = write('ok/.pullfix.yml', [
      'rules:',
      '  PF-AZ-004: warning',
      '  aks-service-principal-secret-expired: off',
      'options:',
      '  "*": { pulledRegistries: [a.azurecr.io] }',
      '  PF-AZ-005: { expiryWindowDays: 45 }',
      'failOn: warning',
      'include: ["**/plan.json"]',
      'suppressions:',
      '  - rule: PF-AZ-*',
      '    reason: migration',
      '    expires: 2026-12-31',
      '',
    ].join('\n'));
    const config = loadConfig(file, RULES);
    expect([...config.settings.disabled]).toEqual(['PF-AZ-005']);
    expect([...config.settings.severities]).toEqual([['PF-AZ-004', 'warning']]);
    expect(Object.fromEntries(config.settings.options)).toEqual({
      'PF-AZ-004': { pulledRegistries: ['a.azurecr.io'] },
      'PF-AZ-005': { pulledRegistries: ['a.azurecr.io'], expiryWindowDays: 45 },
    });
    expect(config.failOn).toBe('warning');
    expect(config.include).toEqual(['**/plan.json']);
    expect(config.suppressions).toEqual([{ rule: 'PF-AZ-*', reason: 'migration', expires: '2026-12-31', source: 'config', origin: file }]);
  });

  it('reports every problem with its key path, one per line', () => {
    const file = write('bad/.pullfix.json', JSON.stringify({ rules: { 'PF-AZ-004': 'loud' }, suppressions: [{ rule: 'PF-AWS-*', reason: 'x', extra: 1 }] }));
    let message = '';
    try {
      loadConfig(file, RULES);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([
      `${file}: rules.PF-AZ-004: expected off, on, error, warning or note (got "loud")`,
      `${file}: suppressions[0].extra: unknown key; expected one of rule, address, file, reason, expires`,
    ]);
    const unknown = write('bad2/.pullfix.json', JSON.stringify({ suppressions: [{ rule: 'PF-AWS-*', reason: 'x' }] }));
    expect(() => loadConfig(unknown, RULES)).toThrow(`${unknown}: suppressions[0].rule: "PF-AWS-*" matches no rule; expected a rule id or name listed by "pullfix rules"`);
  });

  it('key paths read like the file', () => {
    expect(keyPath('/suppressions/0/reason')).toBe('suppressions[0].reason');
    expect(keyPath('/rules/a~1b')).toBe('rules.a/b');
    expect(keyPath('')).toBe('(top level)');
  });
});

describe('findConfig', () => {
  it('finds the nearest file upward, preferring .yml, .yaml, .json in that order', () => {
    write('up/.pullfix.json', '{}');
    write('up/mid/.pullfix.yaml', '{}');
    mkdirSync(join(tmp, 'up/mid/leaf'), { recursive: true });
    expect(findConfig(join(tmp, 'up/mid/leaf'))).toBe(join(tmp, 'up/mid/.pullfix.yaml'));
    expect(findConfig(join(tmp, 'up'))).toBe(join(tmp, 'up/.pullfix.json'));
  });
});
