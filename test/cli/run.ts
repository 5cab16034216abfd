import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = resolve(ROOT, 'dist/pullfix.mjs');
export const PLUGIN = resolve(ROOT, 'test/fixtures/cli/test-rules.mjs');
export const BASIC = 'test/fixtures/cli/basic/plan.json';
export const BROWNFIELD = 'test/fixtures/cli/brownfield/next/plan.json';

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built bin the way users do: a fresh node process, no TTY. */
export function pullfix(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...options.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const out = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...env, ...options.env }, encoding: 'utf8' });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

/** `pullfix lint … --format json` with the test rules; returns the parsed result too. */
export function lintJson(args: readonly string[], options: { cwd?: string } = {}): Run & { json: any } {
  const run = pullfix(['lint', ...args, '--plugin', PLUGIN, '--format', 'json'], options);
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    json = undefined;
  }
  return { ...run, json };
}

export function verdicts(json: any): string[] {
  return json.findings.map((f: any) => `${f.ruleId} ${f.resource.address}${f.suppressed ? ' suppressed' : ''}`);
}
