import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Aspects, Validations } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { PullfixAspect, PullfixChecks, PullfixSuppressions } from '../../src/cdk/index.js';
import type { LintResult } from '../../src/engine/result.js';
import { defaultClusterApp, privateClusterApp } from './apps.js';

const BROKEN = { nodeRoleWithoutEcr: true, missingEcrApiEndpoint: true, fargateRoleWithoutPolicy: true } as const;
/** What the broken private cluster must give, from the CLI, the plugin and the Aspect alike. */
const BROKEN_FINDINGS = [
  'PF-AWS-001 error PrivateEks/Cluster/NodegroupWorkers/Resource',
  'PF-AWS-009 error PrivateEks/Cluster/NodegroupWorkers/Resource',
  'PF-AWS-014 error PrivateEks/Cluster/NodegroupWorkers/Resource',
  'PF-AWS-019 error PrivateEks/Cluster/fargate-profile-Batch/Resource/Default',
];

function findings(result: LintResult | undefined): string[] {
  return (result?.findings ?? []).map((f) => `${f.ruleId} ${f.severity} ${f.resource.displayPath ?? f.resource.address}`).sort();
}

/** `node dist/pullfix.mjs lint <cdk.out> --format json` (built by `npm run build`). */
function cli(dir: string): { status: number | null; result: LintResult } {
  const run = spawnSync(process.execPath, ['dist/pullfix.mjs', 'lint', dir, '--format', 'json'], { encoding: 'utf8' });
  return { status: run.status, result: JSON.parse(run.stdout) as LintResult };
}

function errorsOf(assembly: CloudAssembly): string[] {
  return assembly.stacks.flatMap((s) => s.messages.filter((m) => m.level === 'error').map((m) => `${m.id.replace(/^\//, '')} ${String(m.entry.data).slice(0, 11)}`)).sort();
}

describe.skipIf(!existsSync('dist/pullfix.mjs'))('pullfix lint cdk.out (CLI on a real synthesized assembly)', () => {
  it('a default eks.Cluster with addNodegroupCapacity has no finding', () => {
    const built = defaultClusterApp();
    built.app.synth();
    const { status, result } = cli(built.outdir);
    expect(result.errors).toEqual([]);
    expect(findings(result)).toEqual([]);
    expect(status).toBe(0);
    expect(result.inputs).toEqual([{ path: built.outdir, format: 'cloudformation', resources: expect.any(Number) }]);
  });

  it('the fixed private cluster is clean and the broken one fails with the expected rules', () => {
    const fixed = privateClusterApp();
    fixed.app.synth();
    expect(findings(cli(fixed.outdir).result)).toEqual([]);
    const broken = privateClusterApp(BROKEN);
    broken.app.synth();
    const { status, result } = cli(broken.outdir);
    expect(status).toBe(1);
    expect(findings(result)).toEqual(BROKEN_FINDINGS);
    const f001 = result.findings.find((f) => f.ruleId === 'PF-AWS-001')!;
    expect(f001.resource.address).toMatch(/^PrivateEks\/ClusterNodegroupWorkers[0-9A-F]{8}$/);
    expect(f001.location.file).toBe(`${broken.outdir}/PrivateEks.template.json`);
    expect(f001.location.pointer).toMatch(/^\/Resources\/ClusterNodegroupWorkers[0-9A-F]{8}\/Properties\/NodeRole$/);
    expect(f001.location.line).toEqual(expect.any(Number));
  });

  it('honours acknowledgements recorded in the assembly, like the plugin and the Aspect', () => {
    const plugin = new PullfixChecks({ failOn: 'never' });
    const aspect = new PullfixAspect();
    const built = privateClusterApp({
      ...BROKEN,
      plugins: [plugin],
      aspects: [aspect],
      setup: (stack, { cluster }) => {
        Validations.of(cluster).acknowledge({ id: 'PF-AWS-001', reason: 'nodes pull through a registry mirror' });
        PullfixSuppressions.addSuppressions(cluster, [{ id: 'fargate-pod-execution-role-missing-ecr-pull', reason: 'batch images come from a public registry' }]);
        Validations.of(stack).acknowledge({ id: 'pullfix::PF-AWS-009', reason: 'egress goes through a transit gateway' });
        Validations.of(stack).acknowledge({ id: 'PF-AWS-014', reason: 'ecr.api endpoint lives in a shared VPC' });
      },
    });
    built.app.synth();
    const { status, result } = cli(built.outdir);
    expect(findings(result)).toEqual(BROKEN_FINDINGS);
    const suppressed = result.findings.map((f) => `${f.ruleId} ${f.suppressed?.source} ${f.suppressed?.origin}: ${f.suppressed?.reason}`).sort();
    expect(suppressed).toEqual([
      'PF-AWS-001 cdk PrivateEks/Cluster: nodes pull through a registry mirror',
      'PF-AWS-009 cdk PrivateEks: egress goes through a transit gateway',
      'PF-AWS-014 cdk PrivateEks: ecr.api endpoint lives in a shared VPC',
      'PF-AWS-019 cdk PrivateEks/Cluster: batch images come from a public registry',
    ]);
    expect((result.notes ?? []).filter((n) => /^suppression-/.test(n.code))).toEqual([]);
    expect(status).toBe(0);
    // The same acknowledgements keep the in-app checks quiet.
    expect(findings(plugin.lastResult)).toEqual([]);
    expect(findings(aspect.results.get('PrivateEks'))).toEqual([]);
  });
});

describe('PullfixChecks policy-validation plugin', () => {
  let plugin: PullfixChecks;
  beforeAll(() => {
    plugin = new PullfixChecks({ failOn: 'never' });
  });

  it('reports the same findings as the CLI, with construct paths', () => {
    const built = privateClusterApp({ ...BROKEN, plugins: [plugin] });
    built.app.synth();
    expect(findings(plugin.lastResult)).toEqual(BROKEN_FINDINGS);
  });

  it('fails synthesis on errors and reports violations with construct paths', () => {
    const failing = new PullfixChecks();
    const built = privateClusterApp({ ...BROKEN, plugins: [failing] });
    expect(() => built.app.synth()).toThrow(/PF-AWS-001/);
    const report = failing.validateTemplates([`${built.outdir}/PrivateEks.template.json`]);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0]?.constructPath}`).sort()).toEqual(BROKEN_FINDINGS.map((f) => f.replace(' error', '')));
    expect(report.violations.find((v) => v.ruleName === 'PF-AWS-001')?.violatingResources[0]?.locations).toEqual(['Properties/NodeRole']);
  });

  it('honours Validations.acknowledge on the construct or a parent, as cdk-nag v3 does', () => {
    const acks = new PullfixChecks({ failOn: 'never' });
    const built = privateClusterApp({
      ...BROKEN,
      plugins: [acks],
      setup: (stack, { cluster }) => {
        Validations.of(cluster).acknowledge({ id: 'PF-AWS-001', reason: 'nodes pull through a registry mirror' });
        Validations.of(stack).acknowledge({ id: 'pullfix::PF-AWS-019', reason: 'batch images come from a public registry' });
      },
    });
    built.app.synth();
    expect(findings(acks.lastResult)).toEqual([BROKEN_FINDINGS[1], BROKEN_FINDINGS[2]]);
  });

  it('passes a default cluster', () => {
    const checks = new PullfixChecks();
    const built = defaultClusterApp((app) => Validations.of(app).addPlugins(checks));
    built.app.synth();
    expect(findings(checks.lastResult)).toEqual([]);
  });
});

describe.skipIf(!existsSync('dist/cdk.mjs'))('the published entry point pullfix/cdk (the bundle, in plain Node)', () => {
  it('resolves through the package exports and gives the same findings as the sources', () => {
    const built = privateClusterApp(BROKEN);
    built.app.synth();
    const script = `const { PullfixChecks } = await import('pullfix/cdk');
      const checks = new PullfixChecks({ failOn: 'never' });
      checks.validateTemplates([process.argv[1]]);
      console.log(JSON.stringify(checks.lastResult.findings.map((f) => \`\${f.ruleId} \${f.severity} \${f.resource.displayPath}\`).sort()));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, join(built.outdir, 'PrivateEks.template.json')], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(BROKEN_FINDINGS);
  });
});

describe('PullfixAspect', () => {
  it('annotates the offending constructs with errors, evaluating the whole stack', () => {
    const aspect = new PullfixAspect();
    const built = privateClusterApp({ ...BROKEN, aspects: [aspect] });
    const assembly = built.app.synth();
    expect(findings(aspect.results.get('PrivateEks'))).toEqual(BROKEN_FINDINGS);
    expect(errorsOf(assembly)).toEqual([
      'PrivateEks/Cluster/NodegroupWorkers/Resource [PF-AWS-001',
      'PrivateEks/Cluster/NodegroupWorkers/Resource [PF-AWS-009',
      'PrivateEks/Cluster/NodegroupWorkers/Resource [PF-AWS-014',
      'PrivateEks/Cluster/fargate-profile-Batch/Resource/Default [PF-AWS-019',
    ]);
  });

  it('skips suppressed findings and refuses suppressions without a reason', () => {
    const aspect = new PullfixAspect();
    const built = privateClusterApp({
      ...BROKEN,
      aspects: [aspect],
      setup: (stack, { cluster }) => {
        PullfixSuppressions.addSuppressions(cluster, [{ id: 'PF-AWS-009', reason: 'egress goes through a transit gateway' }]);
        Validations.of(stack).acknowledge({ id: 'PF-AWS-014', reason: 'ecr.api endpoint lives in a shared VPC' });
        expect(() => PullfixSuppressions.addSuppressions(stack, [{ id: 'PF-AWS-001', reason: 'later' }])).toThrow(/at least 10 characters/);
      },
    });
    built.app.synth();
    expect(findings(aspect.results.get('PrivateEks'))).toEqual([BROKEN_FINDINGS[0], BROKEN_FINDINGS[3]]);
  });

  it('leaves the written templates identical to a synthesis without it', () => {
    const plain = privateClusterApp(BROKEN);
    plain.app.synth();
    const aspect = new PullfixAspect();
    const checked = privateClusterApp({ ...BROKEN, aspects: [aspect] });
    checked.app.synth();
    const files = readdirSync(plain.outdir).filter((f) => f.endsWith('.template.json')).sort();
    expect(files.length).toBeGreaterThan(1);
    expect(readdirSync(checked.outdir).filter((f) => f.endsWith('.template.json')).sort()).toEqual(files);
    for (const file of files) expect(readFileSync(join(checked.outdir, file), 'utf8')).toBe(readFileSync(join(plain.outdir, file), 'utf8'));
  });

  it('leaves the default cluster and the fixed private cluster without annotations', () => {
    const aspect = new PullfixAspect();
    const built = defaultClusterApp();
    Aspects.of(built.stack).add(aspect);
    expect(errorsOf(built.app.synth())).toEqual([]);
    expect(findings(aspect.results.get('DefaultEks'))).toEqual([]);
    const fixedAspect = new PullfixAspect();
    const fixed = privateClusterApp({ aspects: [fixedAspect] });
    expect(errorsOf(fixed.app.synth())).toEqual([]);
    expect(findings(fixedAspect.results.get('PrivateEks'))).toEqual([]);
  });
});
