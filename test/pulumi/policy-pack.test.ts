import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PolicyResource, StackValidationArgs } from '@pulumi/policy';
import { describe, expect, it } from 'vitest';
import { enforcementLevelOf, pullfixPolicies, pullfixPolicyPackArgs, statesFromPolicyResources } from '../../src/pulumi/index.js';

const require = createRequire(import.meta.url);
/** The policy SDK's own unknown-checking proxy, as the analyzer wraps `props` with it. */
const { unknownCheckingProxy } = require('@pulumi/policy/proxy.js') as { unknownCheckingProxy: (o: object) => Record<string, unknown> };

interface Step { op: string; urn: string; newState?: { type: string; urn: string; custom?: boolean; inputs?: Record<string, unknown>; outputs?: Record<string, unknown>; parent?: string; provider?: string; propertyDependencies?: Record<string, string[]> } }

/**
 * The resources CrossGuard hands to validateStack during a preview, built from a preview digest:
 * props are the planned state (outputs of existing resources over their inputs; for creates the inputs, with
 * unknown sentinels where the value is computed), wrapped in the
 * SDK's proxy; parent, provider and property dependencies point at the other PolicyResource objects.
 */
function policyResources(previewPath: string): PolicyResource[] {
  const digest = JSON.parse(readFileSync(previewPath, 'utf8')) as { steps: Step[] };
  const states = digest.steps.map((s) => s.newState!).filter((s) => s && s.custom !== false);
  const byUrn = new Map<string, PolicyResource>();
  const out: PolicyResource[] = [];
  for (const state of states) {
    const resource = {
      type: state.type,
      urn: state.urn,
      name: state.urn.split('::').pop()!,
      props: unknownCheckingProxy({ ...(state.inputs ?? {}), ...(state.outputs ?? {}) }),
      opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource;
    byUrn.set(state.urn, resource);
    out.push(resource);
  }
  for (const state of states) {
    const resource = byUrn.get(state.urn)! as { propertyDependencies: Record<string, PolicyResource[]>; provider?: unknown };
    for (const [key, urns] of Object.entries(state.propertyDependencies ?? {})) {
      resource.propertyDependencies[key] = urns.map((u) => byUrn.get(u)!).filter(Boolean);
    }
    const providerUrn = state.provider?.split('::').slice(0, -1).join('::');
    const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
    if (provider) resource.provider = { type: provider.type, props: provider.props, urn: provider.urn, name: provider.name };
  }
  return out.filter((r) => !r.type.startsWith('pulumi:providers:'));
}

async function run(resources: PolicyResource[]): Promise<{ policy: string; level: string | undefined; urn: string | undefined; message: string }[]> {
  const violations: { policy: string; level: string | undefined; urn: string | undefined; message: string }[] = [];
  for (const policy of pullfixPolicies()) {
    const args = {
      resources,
      stackTags: new Map(),
      getConfig: () => ({}),
      notApplicable: () => { throw new Error('not applicable'); },
    } as unknown as StackValidationArgs;
    await policy.validateStack(args, (message, urn) => violations.push({ policy: policy.name, level: policy.enforcementLevel, urn, message }));
  }
  return violations;
}

const AKS = 'examples/aks-kubelet-missing-acrpull/pulumi';

describe('pullfix/pulumi policy pack', () => {
  it('maps severities to enforcement levels', () => {
    expect(enforcementLevelOf('error')).toBe('mandatory');
    expect(enforcementLevelOf('warning')).toBe('advisory');
    expect(enforcementLevelOf('note')).toBe('advisory');
    expect(enforcementLevelOf('note', 'disabled')).toBe('disabled');
    expect(pullfixPolicyPackArgs().policies.map((p) => `${p.name}:${p.enforcementLevel}`))
      .toEqual(['pullfix-error:mandatory', 'pullfix-warning:advisory', 'pullfix-note:advisory']);
  });

  it('reads the stack through the SDK proxy without tripping on unknowns, with provider context', () => {
    const states = statesFromPolicyResources(policyResources(`${AKS}/fixed/preview.json`));
    const broken = statesFromPolicyResources(policyResources(`${AKS}/broken/preview.json`));
    expect(broken.find((s) => s.type === 'azure-native:containerregistry:Registry')).toMatchObject({ outputs: { registryName: 'pullfixdemoacr' } });
    const assignment = states.find((s) => s.type === 'azure-native:authorization:RoleAssignment')!;
    expect(assignment.outputs).toMatchObject({ principalId: '5b8e3f1c-2d4a-4e6b-9c7d-0a1b2c3d4e5f' });
    expect(assignment.propertyDependencies).toEqual({
      principalId: ['urn:pulumi:dev::aks-acr::azure-native:containerservice:ManagedCluster::aks'],
      principalType: [],
      roleDefinitionId: [],
      scope: ['urn:pulumi:dev::aks-acr::azure-native:containerregistry:Registry::acr'],
    });
    expect(states[0]).toMatchObject({ type: 'pulumi:providers:azure-native', inputs: { subscriptionId: '00000000-0000-0000-0000-000000000000' } });
  });

  it('stops a stack whose AKS kubelet identity has no pull role (mandatory violation on the cluster URN)', async () => {
    const violations = await run(policyResources(`${AKS}/broken/preview.json`));
    expect(violations.map((v) => `${v.policy} ${v.level} ${v.urn} ${v.message.slice(0, 30)}`)).toEqual([
      'pullfix-error mandatory urn:pulumi:dev::aks-acr::azure-native:containerservice:ManagedCluster::aks [PF-AZ-001 aks-kubelet-missing',
    ]);
  });

  it('lets the fixed stack through', async () => {
    expect(await run(policyResources(`${AKS}/fixed/preview.json`))).toEqual([]);
  });
});

describe.skipIf(!existsSync('dist/pulumi.mjs'))('the published entry point pullfix/pulumi (the bundle, in plain Node)', () => {
  it('resolves through the package exports and builds the same policies as the sources', () => {
    const script = `const { pullfixPolicyPackArgs } = await import('pullfix/pulumi');
      const args = pullfixPolicyPackArgs();
      console.log(JSON.stringify(args.policies.map((p) => [p.name, p.enforcementLevel])));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(pullfixPolicyPackArgs().policies.map((p) => [p.name, p.enforcementLevel]));
  });
});
