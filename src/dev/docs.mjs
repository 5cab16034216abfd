// `npm run docs [-- --check]`: bundles src/dev/docs-main.ts with esbuild (no TypeScript runtime, no
// prior build needed) and runs it with the same arguments.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const dir = mkdtempSync(join(tmpdir(), 'pullfix-docs-'));
const outfile = join(dir, 'docs.mjs');
try {
  await build({
    entryPoints: [new URL('./docs-main.ts', import.meta.url).pathname],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
