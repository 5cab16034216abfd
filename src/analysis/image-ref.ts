/**
 * Image references as container runtimes read them (the distribution/reference grammar used by
 * containerd and Docker): `[host[:port]/]path[:tag][@digest]`. The first path component is a
 * registry host only if it contains a "." or ":" or is "localhost"; otherwise the image comes from
 * Docker Hub. https://github.com/distribution/reference/blob/main/reference.go
 */
export interface ImageReference {
  readonly raw: string;
  /** Registry host (with port), or "docker.io" for images without one. */
  readonly host: string;
  /** Whether the reference named its host explicitly. */
  readonly explicitHost: boolean;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export type ImageParse = { readonly ok: true; readonly ref: ImageReference } | { readonly ok: false; readonly problem: string };

const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function parseImageReference(raw: string): ImageParse {
  const text = raw.trim();
  if (text === '') return { ok: false, problem: 'the image reference is empty' };
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, problem: `digest "${digest}" is not of the form algorithm:hex` };
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const explicitHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = explicitHost ? first : 'docker.io';
  let path = explicitHost ? rest.slice(slash + 1) : rest;
  let tag: string | undefined;
  const colon = path.lastIndexOf(':');
  if (colon >= 0) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
    if (!TAG.test(tag)) return { ok: false, problem: `tag "${tag}" is not a valid tag` };
  }
  if (path === '') return { ok: false, problem: 'the repository name is empty' };
  for (const component of path.split('/')) {
    if (!PATH_COMPONENT.test(component)) {
      const upper = /[A-Z]/.test(component);
      return {
        ok: false,
        problem: upper
          ? `repository "${path}" contains uppercase characters, which the runtime rejects as "invalid reference format"`
          : `repository component "${component}" is not valid`,
      };
    }
  }
  const repository = explicitHost || path.includes('/') ? path : `library/${path}`;
  const ref: ImageReference = {
    raw,
    host: host.toLowerCase(),
    explicitHost,
    repository,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
  return { ok: true, ref };
}

/** A private ECR registry host: `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]` or the dual-stack `…dkr-ecr.<region>.on.aws`. */
export interface EcrHost {
  readonly account: string;
  readonly region: string;
  readonly dualStack: boolean;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?$/;
const ECR_DUALSTACK_HOST = /^(\d{12})\.dkr-ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d)\.on\.aws$/;

export function parseEcrHost(host: string): EcrHost | undefined {
  const plain = ECR_HOST.exec(host);
  if (plain) return { account: plain[1]!, region: plain[2]!, dualStack: false };
  const dual = ECR_DUALSTACK_HOST.exec(host);
  if (dual) return { account: dual[1]!, region: dual[2]!, dualStack: true };
  return undefined;
}

/** ACR login-server suffixes of the public and sovereign clouds. */
export const ACR_SUFFIXES = ['azurecr.io', 'azurecr.cn', 'azurecr.us'] as const;

/** Whether the host is an Azure Container Registry login server (or one of its regional/data endpoints). */
export function isAcrHost(host: string): boolean {
  return ACR_SUFFIXES.some((suffix) => host.endsWith(`.${suffix}`));
}

/** Near-misses of ACR suffixes seen in practice (seed article "Cause 2": `azureacr.io` instead of `azurecr.io`). */
const ACR_SUFFIX_TYPOS = ['azureacr.io', 'azurecr.com', 'azurecr.net', 'azurcr.io', 'azuercr.io', 'azureacr.cn', 'azureacr.us'];

/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Why a registry host cannot be a real ACR or ECR registry, with the host it was probably meant to be. */
export interface RegistryHostProblem {
  readonly registry: 'acr' | 'ecr';
  /** What is wrong, one clause, for messages. */
  readonly problem: string;
  /** The corrected suffix or pattern. */
  readonly expected: string;
}

/** An ECR-looking host: the pieces of `<account>.dkr.ecr.<region>.amazonaws.com` in any order. */
function looksLikeEcr(host: string): boolean {
  return (host.includes('ecr') && host.includes('amazonaws')) || /dkr\.ecr|ecr\.dkr|dkr-ecr/.test(host);
}

/**
 * Registry hosts that can never serve an image: near-misses of the ACR login-server suffixes
 * (the domain does not exist or belongs to someone else: `not found`, or 401 from the anonymous
 * attempt AKS always makes) and ECR-looking hosts that do not follow the ECR registry pattern.
 * Sovereign and alternate hostnames (`azurecr.cn`, `azurecr.us`, regional `.geo.`/`.data.` endpoints,
 * `dkr.ecr-fips`, `amazonaws.com.cn`, dual-stack `dkr-ecr.<region>.on.aws`, `public.ecr.aws`) are valid.
 * https://learn.microsoft.com/azure/container-registry/container-registry-get-started-portal
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
 */
export function registryHostProblem(host: string): RegistryHostProblem | undefined {
  const lower = host.toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  if (isAcrHost(lower)) return undefined;
  const labels = lower.split('.');
  if (labels.length >= 2) {
    const domain = labels.slice(-2).join('.');
    const nearest = ACR_SUFFIXES
      .map((suffix) => ({ suffix, distance: levenshtein(domain, suffix) }))
      .sort((a, b) => a.distance - b.distance)[0]!;
    if (nearest.distance === 0) {
      return { registry: 'acr', problem: `has no registry name before \`${domain}\``, expected: `<registry>.${domain}` };
    }
    if (ACR_SUFFIX_TYPOS.includes(domain) || nearest.distance <= 2) {
      return { registry: 'acr', problem: `ends with \`${domain}\` instead of \`${nearest.suffix}\``, expected: nearest.suffix };
    }
    if (labels.length >= 3 && levenshtein(labels[labels.length - 2]!, 'azurecr') <= 1 && labels[labels.length - 2] !== 'azurecr') {
      return { registry: 'acr', problem: `has \`${labels[labels.length - 2]!}\` instead of \`azurecr\``, expected: 'azurecr.io' };
    }
  }
  if (looksLikeEcr(lower) && parseEcrHost(lower) === undefined) {
    return {
      registry: 'ecr',
      problem: 'looks like an ECR registry but does not match `<12-digit account>.dkr.ecr.<region>.amazonaws.com`',
      expected: '<account>.dkr.ecr.<region>.amazonaws.com',
    };
  }
  return undefined;
}

/** The registry name an ACR host belongs to: the first label of any of its endpoints. */
export function acrRegistryName(host: string): string | undefined {
  const lower = host.toLowerCase();
  return isAcrHost(lower) ? lower.split('.')[0] : undefined;
}
