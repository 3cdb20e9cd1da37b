// One build script for every bundle. `--watch` rebuilds on change; `--production` minifies.
//
// Lazy chunks: any `src/**/*.lazy.ts` becomes its own bundle `dist/lazy/<name>.js`, and imports of it
// from the extension or the CLI stay external (`require('./lazy/<name>.js')` at run time). Provider SDKs
// live behind such modules, so activation never loads them. Code shared with a lazy chunk is duplicated
// into it: never rely on module identity (instanceof, module-level state) across that boundary.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { glob } from 'tinyglobby';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdir = 'dist';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const lazyEntries = (await glob('src/**/*.lazy.ts')).sort();

/** Keeps `*.lazy` imports out of the bundle that imports them. */
const lazyExternal = {
  name: 'lazy-external',
  setup(build) {
    build.onResolve({ filter: /\.lazy(\.ts)?$/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const name = basename(args.path).replace(/\.ts$/, '').replace(/\.lazy$/, '');
      return { path: `./lazy/${name}.js`, external: true };
    });
  },
};

const importMetaShim = "var __atmos_ai_import_meta_url = require('node:url').pathToFileURL(__filename).href;";

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
  external: ['vscode'],
  // ESM dependencies (e.g. tinyglobby's fdir) call createRequire(import.meta.url); give the CJS bundle a real one.
  define: { __ATMOS_AI_VERSION__: JSON.stringify(version), 'import.meta.url': '__atmos_ai_import_meta_url' },
  banner: { js: importMetaShim },
  plugins: [lazyExternal],
};

const builds = [
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, outdir, banner: { js: `#!/usr/bin/env node\n${importMetaShim}` } },
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryPoints: { webview: 'webview/main.tsx' },
    outdir,
    loader: { '.ttf': 'file' },
  },
];
if (lazyEntries.length > 0) {
  builds.push({
    ...node,
    entryPoints: Object.fromEntries(lazyEntries.map((f) => [basename(f).replace(/\.lazy\.ts$/, ''), f])),
    outdir: join(outdir, 'lazy'),
  });
}

function copyAssets() {
  if (production) rmSync(outdir, { recursive: true, force: true }); // no stale dev files (maps) in a package
  mkdirSync(outdir, { recursive: true });
  copyFileSync('node_modules/sql.js/dist/sql-wasm.wasm', join(outdir, 'sql-wasm.wasm'));
  // tree-sitter and its HCL grammar (Terraform files), loaded on first use by src/atmos/terraform/hclParser.ts
  copyFileSync('node_modules/web-tree-sitter/web-tree-sitter.wasm', join(outdir, 'web-tree-sitter.wasm'));
  copyFileSync('node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm', join(outdir, 'tree-sitter-hcl.wasm'));
  cpSync('node_modules/@vscode/codicons/dist/codicon.css', join(outdir, 'codicons/codicon.css'));
  cpSync('node_modules/@vscode/codicons/dist/codicon.ttf', join(outdir, 'codicons/codicon.ttf'));
}

copyAssets();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync(join(outdir, 'cli.js'), 0o755);
}
