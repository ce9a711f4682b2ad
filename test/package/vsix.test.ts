/**
 * What the packaged VSIX carries: the bundles and assets, node-llama-cpp with this platform's
 * binaries only, Pyodide (the sandbox for machines without Python), and nothing else (no sources, tests, maps, dev or bundled dependencies).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import yauzl from 'yauzl';
import { REPO_ROOT } from '../support/paths';

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const vsix =
  process.env.AKKHARA_VSIX ?? path.join(REPO_ROOT, `${manifest.name}-${manifest.version}-linux-x64.vsix`);
const skip =
  !existsSync(vsix) && !process.env.CI
    ? `skipped: ${path.basename(vsix)} not built (npm run package)`
    : false;

function listEntries(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

test('the VSIX carries the bundles, assets and manifest', { skip }, async () => {
  const entries = new Set(await listEntries(vsix));
  for (const file of [
    'extension/package.json',
    'extension/package.nls.json',
    'extension/package.nls.my.json',
    'extension/package.nls.bn.json',
    'extension/readme.md',
    'extension/LICENSE.txt',
    'extension/dist/extension.js',
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/webview.js',
    'extension/dist/cli.js',
    'extension/dist/models.js',
    'extension/dist/testing.js',
    'extension/dist/fonts.css',
    'extension/dist/fonts/noto-sans-myanmar-myanmar-400-normal.woff2',
    'extension/dist/fonts/noto-sans-bengali-bengali-700-normal.woff2',
    'extension/dist/fonts/noto-sans-myanmar-LICENSE.txt',
    'extension/samples/tasks/burmese.task.md',
    'extension/samples/tasks/bangla.task.md',
    'extension/media/chat.css',
    'extension/media/akkhara.svg',
    'extension/syntaxes/akkhara-answer.tmLanguage.json',
    'extension/syntaxes/akkhara-task.tmLanguage.json',
    'extension/node_modules/node-llama-cpp/package.json',
    'extension/node_modules/pyodide/pyodide.mjs',
    'extension/node_modules/pyodide/pyodide.asm.wasm',
    'extension/node_modules/pyodide/python_stdlib.zip',
  ]) {
    assert.ok(entries.has(file), `${file} missing`);
  }
});

test('the VSIX leaves out sources, tests, maps and bundled or dev dependencies', { skip }, async () => {
  const entries = await listEntries(vsix);
  const forbidden = [
    /^extension\/(src|test|scripts|language-server|media\/src|out|\.ci)\//,
    // Only the sample tasks ship; the sample workspace is for development.
    /^extension\/samples\/(?!tasks\/[\w-]+\.task\.md$)/,
    /\.(ts|map)$/,
    /^extension\/node_modules\/(openai|vscode-languageclient|vscode-languageserver|commander|typescript|esbuild|@vscode)\//,
    /^extension\/node_modules\/node-llama-cpp\/llama\/gitRelease\.bundle$/,
    /^extension\/node_modules\/pyodide\/console.*\.html$/,
  ];
  const offending = entries.filter((entry) => forbidden.some((pattern) => pattern.test(entry)));
  assert.deepEqual(offending, []);
});

test('node-llama-cpp binaries: this platform only, never CUDA or Vulkan', { skip }, async () => {
  const packages = new Set(
    (await listEntries(vsix))
      .map((e) => /^extension\/node_modules\/@node-llama-cpp\/([^/]+)\//.exec(e)?.[1])
      .filter(Boolean),
  );
  assert.deepEqual([...packages], ['linux-x64']);
});
