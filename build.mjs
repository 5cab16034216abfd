// Bundles the CLI so that `pullfix` starts without resolving dozens of modules (cold start is part
// of every CI run; see performance.md §4.1): a small entry and one chunk with the linter.
// The in-app integrations are bundled too (dist/cdk.mjs, dist/pulumi.mjs): they load inside every
// `cdk synth` / `pulumi preview`, where resolving ~150 modules of dist/lib costs three times as much
// as one file (performance.md G9). Their peer dependencies stay external: the app provides them.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync('dist/chunks', { recursive: true, force: true });

await build({
  entryPoints: { pullfix: 'src/cli/bin.ts' },
  define: { PULLFIX_VERSION: JSON.stringify(version) },
  // dist/pullfix.mjs stays small (version, help); the linter is a chunk it imports for real work.
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __pullfixCreateRequire } from 'node:module';\nconst require = __pullfixCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});

await build({
  entryPoints: { cdk: 'src/cdk/index.ts', pulumi: 'src/pulumi/index.ts' },
  define: { PULLFIX_VERSION: JSON.stringify(version) },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  external: ['aws-cdk-lib', 'constructs', '@pulumi/policy', '@pulumi/pulumi'],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: {
    js: "import { createRequire as __pullfixCreateRequire } from 'node:module';\nconst require = __pullfixCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
