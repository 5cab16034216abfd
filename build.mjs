// Bundles the CLI into one file so that `pullfix` starts without resolving dozens of modules
// (cold start is part of every CI run; see performance.md §4.1).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  entryPoints: ['src/cli/bin.ts'],
  define: { PULLFIX_VERSION: JSON.stringify(version) },
  outfile: 'dist/pullfix.mjs',
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
