// One build script, one esbuild context per bundle. `--production` minifies and drops source
// maps; `--tests` also bundles the test suites into out/; `--watch` rebuilds on change.
import { chmod, copyFile, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { scriptDataModule } from './scriptData.mjs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const root = path.resolve(import.meta.dirname, '..');
const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));

/** `akkhara:script-data`: the Unicode script table, generated from this Node's Unicode data. */
const scriptDataPlugin = {
  name: 'akkhara-script-data',
  setup(build) {
    build.onResolve({ filter: /^akkhara:script-data$/ }, (args) => ({
      path: args.path,
      namespace: 'akkhara-script-data',
    }));
    build.onLoad({ filter: /.*/, namespace: 'akkhara-script-data' }, () => ({
      contents: scriptDataModule(path.join(root, 'node_modules', '.cache', 'akkhara')),
      loader: 'js',
    }));
  },
};

/**
 * `akkhara:bundle/<path>`: src/<path>.ts bundled on its own and carried as text. Akkhara writes
 * these scripts out (src/core/helperFiles.ts) and runs them in processes of their own: the
 * Pyodide server and the llama.cpp worker.
 */
const helperBundlePlugin = {
  name: 'akkhara-helper-bundle',
  setup(build) {
    build.onResolve({ filter: /^akkhara:bundle\// }, (args) => ({
      path: args.path.slice('akkhara:bundle/'.length),
      namespace: 'akkhara-helper-bundle',
    }));
    build.onLoad({ filter: /.*/, namespace: 'akkhara-helper-bundle' }, async (args) => {
      const result = await esbuild.build({
        absWorkingDir: root,
        entryPoints: [`src/${args.path}.ts`],
        plugins: [scriptDataPlugin],
        define: { AKKHARA_VERSION: JSON.stringify(pkg.version) },
        alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
        bundle: true,
        write: false,
        metafile: true,
        minify: production,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        loader: { '.py': 'text' },
        logLevel: 'warning',
      });
      return {
        contents: `export default ${JSON.stringify(result.outputFiles[0].text)};`,
        loader: 'js',
        watchFiles: Object.keys(result.metafile.inputs)
          .filter((file) => !file.includes(':'))
          .map((file) => path.join(root, file)),
      };
    });
  },
};

const common = {
  absWorkingDir: root,
  plugins: [scriptDataPlugin, helperBundlePlugin],
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  define: { AKKHARA_VERSION: JSON.stringify(pkg.version) },
  // The sandbox's Python harness travels inside the bundle as a string.
  loader: { '.py': 'text' },
  // jsonc-parser's main build is UMD, which loads its parts with a require() esbuild cannot follow:
  // bundles take its ES module build. (The test bundles leave packages to Node, which loads the UMD.)
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  logLevel: 'warning',
};
const nodeBundle = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

const bundles = {
  extension: {
    ...nodeBundle,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: 'dist/extension.js',
    // The language client, the model commands and the test runner are bundles of their own,
    // required on first use.
    external: ['vscode', './client.js', './models.js', './testing.js'],
  },
  models: {
    ...nodeBundle,
    entryPoints: ['src/vscode/models.ts'],
    outfile: 'dist/models.js',
    external: ['vscode'],
  },
  testing: {
    ...nodeBundle,
    entryPoints: ['src/vscode/testRunner.ts'],
    outfile: 'dist/testing.js',
    external: ['vscode'],
  },
  client: {
    ...nodeBundle,
    entryPoints: ['src/vscode/languageClient.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
  },
  server: { ...nodeBundle, entryPoints: ['language-server/src/server.ts'], outfile: 'dist/server.js' },
  cli: {
    ...nodeBundle,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    // ESM-only with top-level await: loaded with import() at run time, never bundled.
    external: ['node-llama-cpp'],
  },
  webview: {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: ['media/src/chat.ts'],
    outfile: 'dist/webview.js',
  },
  // The chat's Burmese and Bangla fonts: esbuild copies the woff2 files the @font-face rules name.
  fonts: {
    ...common,
    entryPoints: ['media/src/fonts.css'],
    outfile: 'dist/fonts.css',
    loader: { '.woff2': 'file' },
    assetNames: 'fonts/[name]',
  },
};

async function testEntryPoints() {
  const entries = [];
  for (const dir of [
    'test/unit',
    'test/e2e',
    'test/package',
    'test/integration',
    'test/integration/suite',
    'scripts',
    'scripts/bench',
  ]) {
    const files = await readdir(path.join(root, dir)).catch(() => []);
    entries.push(...files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => `${dir}/${f}`));
  }
  return entries;
}

// `--cli`: the command line only, where Akkhara is installed as a package (bin/akkhara.cjs builds it
// on first use: no development dependency is needed). Written beside and renamed, so a command
// started meanwhile finds the old file or the new one, never half of one.
const cliOnly = args.has('--cli');
if (cliOnly) {
  for (const name of Object.keys(bundles)) if (name !== 'cli') delete bundles[name];
  bundles.cli.outfile = `dist/cli.js.${process.pid}.tmp`;
}

if (args.has('--tests')) {
  bundles.tests = {
    ...nodeBundle,
    sourcemap: 'inline',
    minify: false,
    entryPoints: await testEntryPoints(),
    outdir: 'out',
    outbase: '.',
    packages: 'external',
    external: ['vscode'],
    alias: {},
  };
}

const contexts = await Promise.all(Object.values(bundles).map((options) => esbuild.context(options)));
if (args.has('--watch')) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('Watching for changes…');
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  if (cliOnly) {
    await chmod(path.join(root, bundles.cli.outfile), 0o755);
    await rename(path.join(root, bundles.cli.outfile), path.join(root, 'dist/cli.js'));
    await rm(path.join(root, `${bundles.cli.outfile}.map`), { force: true });
  } else await chmod(path.join(root, 'dist/cli.js'), 0o755);
}
// The fonts' licence (SIL OFL 1.1) travels with them.
if (bundles.fonts) {
  await mkdir(path.join(root, 'dist/fonts'), { recursive: true });
  for (const font of ['noto-sans-myanmar', 'noto-sans-bengali'])
    await copyFile(
      path.join(root, 'node_modules/@fontsource', font, 'LICENSE'),
      path.join(root, 'dist/fonts', `${font}-LICENSE.txt`),
    );
}
