import type { ResourceInit } from '../../graph/model.js';
import type { Suppression } from '../../engine/suppressions.js';
import { isGlob, matchesAddressGlob } from '../../engine/glob.js';
import { isRecord } from '../../graph/json.js';

/**
 * CDK acknowledgements recorded in a cloud assembly. `Validations.of(x).acknowledge({id, reason})`
 * writes `aws:cdk:acknowledged-rules` metadata (`{ "Annotation::PF-AWS-001": reason }`) on the
 * construct and `PullfixSuppressions` writes `pullfix:suppressions` (`[{id, reason}]`); CDK copies
 * every construct's metadata, nested stacks included, into the stack artifact's metadata
 * (`manifest.json` or its `<stack>.metadata.json` side file), keyed by construct path. They apply to
 * the construct and everything below it, as in the plugin and the Aspect (src/cdk/acknowledgements.ts).
 * Acknowledgements on the App itself are in no stack artifact and cannot be read back from cdk.out.
 */

/** `Validations.ACKNOWLEDGED_RULES_METADATA_KEY` (read without loading aws-cdk-lib). */
export const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';
/** Metadata type `PullfixSuppressions` writes. */
export const PULLFIX_SUPPRESSIONS_METADATA = 'pullfix:suppressions';
/** Namespaces an acknowledged id may carry: none, CDK's annotation namespace, or the plugin's. */
const PREFIX = /^(?:annotation|pullfix)::/i;

export interface Acknowledgement {
  /** Construct path without leading slash. */
  readonly path: string;
  /** Rule id or name, namespace removed. */
  readonly rule: string;
  readonly reason: string;
}

/**
 * Whether an acknowledged id can name a pullfix rule: a `PF-…` id or a kebab-case rule name. CDK and
 * other validators acknowledge their own rules in the same metadata (`CloudFormation-Validate::W3010`,
 * `AwsSolutions-IAM4`); those are not pullfix suppressions.
 */
function isPullfixRule(id: string): boolean {
  return /^PF-[A-Z0-9]+-[0-9]+$/i.test(id) || /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(id);
}

/** Acknowledgements of one metadata entry list at a construct path (`/Stack/Cluster`). */
export function acknowledgementsOf(path: string, entries: readonly unknown[], out: Acknowledgement[]): void {
  const at = path.replace(/^\//, '');
  const add = (id: string, reason: unknown): void => {
    const rule = id.replace(PREFIX, '');
    if (isPullfixRule(rule)) out.push({ path: at, rule, reason: typeof reason === 'string' ? reason.trim() : '' });
  };
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    if (entry.type === ACKNOWLEDGED_RULES_METADATA && isRecord(entry.data)) {
      for (const [id, reason] of Object.entries(entry.data)) add(id, reason);
    } else if (entry.type === PULLFIX_SUPPRESSIONS_METADATA && Array.isArray(entry.data)) {
      for (const s of entry.data) if (isRecord(s) && typeof s.id === 'string') add(s.id, s.reason);
    }
  }
}

function commonPrefix(values: readonly string[]): string {
  let prefix = values[0] ?? '';
  for (const v of values) {
    let i = 0;
    while (i < prefix.length && i < v.length && prefix[i] === v[i]) i += 1;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/**
 * Engine suppressions (source `cdk`) for acknowledgements: each covers the resources whose construct
 * path is the acknowledged construct or below it. Addresses are `<stack>/<LogicalId>` while
 * acknowledgements name construct paths, so the covered addresses are written as few address globs
 * as cover exactly them (usually one), keeping "suppression matches no finding" notes meaningful.
 * An acknowledgement without a reason suppresses nothing and becomes a warning.
 */
export function acknowledgementSuppressions(
  acknowledgements: readonly Acknowledgement[],
  resources: readonly ResourceInit[],
): { suppressions: Suppression[]; warnings: string[] } {
  const suppressions: Suppression[] = [];
  const warnings: string[] = [];
  if (acknowledgements.length === 0) return { suppressions, warnings };
  const addresses = resources.map((r) => r.address);
  /** Whether every address the glob matches is in `covered`. */
  const exact = (glob: string, covered: ReadonlySet<string>): boolean => addresses.every((a) => covered.has(a) || !matchesAddressGlob(glob, a));
  const seen = new Set<string>();
  for (const ack of acknowledgements) {
    const key = `${ack.path}\u0000${ack.rule}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (ack.reason === '') {
      warnings.push(`CDK acknowledgement of ${ack.rule} at ${ack.path} has no reason; it suppresses nothing (a reason is mandatory)`);
      continue;
    }
    const below = `${ack.path}/`;
    const covered = new Set<string>();
    for (const r of resources) {
      if (r.displayPath !== undefined && (r.displayPath === ack.path || r.displayPath.startsWith(below))) covered.add(r.address);
    }
    if (covered.size === 0) continue;
    const globs: string[] = [];
    const sorted = [...covered].sort();
    const all = `${commonPrefix(sorted)}*`;
    if (!isGlob(all.slice(0, -1)) && exact(all, covered)) {
      globs.push(all);
    } else {
      // Sorted, so a resource comes before its parts (`X` before `X/RepositoryPolicyText`).
      const done = new Set<string>();
      for (const address of sorted) {
        if (done.has(address)) continue;
        const glob = `${address}*`;
        if (!isGlob(address) && exact(glob, covered)) {
          globs.push(glob);
          for (const a of sorted) if (a.startsWith(address)) done.add(a);
        } else {
          globs.push(address);
          done.add(address);
        }
      }
    }
    for (const address of globs) {
      suppressions.push({ rule: ack.rule, address, reason: ack.reason, source: 'cdk', origin: ack.path });
    }
  }
  return { suppressions, warnings };
}
