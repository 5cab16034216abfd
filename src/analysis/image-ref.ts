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
