// Builds a platform-specific VSIX: `npm run package [-- --target linux-x64] [-- --out FILE]`.
// vsce reads `.vscodeignore` with negations winning over exclusions, so an allow-list cannot
// include node_modules and still leave the CUDA binaries out. Instead we stage a clean tree whose
// node_modules holds node-llama-cpp, its runtime dependencies and the target's CPU/Metal binaries
// (never the 500+ MB CUDA packages), and package that.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');

/** vsce target → the node-llama-cpp prebuilt packages it ships. */
const LLAMA_BINARIES = {
  'linux-x64': ['linux-x64'],
  'linux-arm64': ['linux-arm64'],
  'linux-armhf': ['linux-armv7l'],
  'darwin-arm64': ['mac-arm64-metal'],
  'darwin-x64': ['mac-x64'],
  'win32-x64': ['win-x64'],
  'win32-arm64': ['win-arm64'],
};

function hostTarget() {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  return `${platform}-${arch}`;
}

const { values: options } = parseArgs({
  options: { target: { type: 'string', default: hostTarget() }, out: { type: 'string' } },
});
const target = options.target;
if (!(target in LLAMA_BINARIES)) {
  console.error(`Unknown target "${target}". Known: ${Object.keys(LLAMA_BINARIES).join(', ')}`);
  process.exit(2);
}

const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
const outFile = path.resolve(options.out ?? path.join(root, `${pkg.name}-${pkg.version}-${target}.vsix`));
const stage = path.join(root, '.vsix-stage', target);
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' });

console.log(`Building for ${target}…`);
run(process.execPath, [path.join(root, 'scripts/build.mjs'), '--production']);

await rm(stage, { recursive: true, force: true });
await mkdir(stage, { recursive: true });
// samples/tasks: the sample tasks that ship ("Akkhara: Open a Sample Task").
const topLevel = [
  'package.nls.json',
  'README.md',
  // The guides README links to, and their pictures: the extension's page in VS Code shows them.
  'docs',
  'LICENSE',
  '.vscodeignore',
  'dist',
  'media',
  'syntaxes',
  'samples/tasks',
];
for (const entry of topLevel) await cp(path.join(root, entry), path.join(stage, entry), { recursive: true });
for (const file of await readdir(root)) {
  if (/^package\.nls\.[\w-]+\.json$/.test(file)) await cp(path.join(root, file), path.join(stage, file));
}

// The staged manifest: only the external runtime dependencies (node-llama-cpp is ESM with native
// binaries; Pyodide loads its WebAssembly and standard library from its own folder); everything
// else is bundled into dist/.
const EXTERNAL = ['node-llama-cpp', 'pyodide'];
const runtimeDependencies = Object.fromEntries(EXTERNAL.map((name) => [name, pkg.dependencies[name]]));
const { scripts, devDependencies, overrides, allowScripts, ...manifest } = pkg;
await writeFile(
  path.join(stage, 'package.json'),
  JSON.stringify({ ...manifest, dependencies: runtimeDependencies }, null, 2),
);

/** Node's lookup: <from>/node_modules/<name>, then each parent's, up to the repository root. */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; dir.startsWith(root); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root) break;
  }
  return undefined;
}

/** Copies a package and, recursively, its dependencies, preserving where npm installed them. */
async function copyClosure(name, fromDir, seen) {
  const dir = resolvePackageDir(name, fromDir);
  if (!dir)
    throw new Error(
      `${name} is not installed (needed from ${path.relative(root, fromDir) || '.'}); run npm ci`,
    );
  if (seen.has(dir)) return;
  seen.add(dir);
  await cp(dir, path.join(stage, path.relative(root, dir)), {
    recursive: true,
    filter: (src) => !src.startsWith(path.join(dir, 'node_modules')),
  });
  const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  // Optional dependencies are the per-platform binaries; the target's are copied explicitly below.
  for (const dependency of Object.keys(manifest.dependencies ?? {})) await copyClosure(dependency, dir, seen);
}

const seen = new Set();
for (const name of EXTERNAL) await copyClosure(name, root, seen);

const llamaVersion = JSON.parse(
  await readFile(path.join(root, 'node_modules/node-llama-cpp/package.json'), 'utf8'),
).version;
for (const binary of LLAMA_BINARIES[target]) {
  const name = `@node-llama-cpp/${binary}`;
  const destination = path.join(stage, 'node_modules', name);
  const installed = path.join(root, 'node_modules', name);
  if (existsSync(installed)) {
    await cp(installed, destination, { recursive: true });
    continue;
  }
  // Another platform's binaries are not installed here: fetch that exact version from the registry.
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'akkhara-pack-'));
  run('npm', ['pack', `${name}@${llamaVersion}`, '--pack-destination', scratch, '--silent']);
  const [tarball] = (await readdir(scratch)).filter((f) => f.endsWith('.tgz'));
  await mkdir(destination, { recursive: true });
  run('tar', ['-xzf', path.join(scratch, tarball), '-C', destination, '--strip-components=1']);
  await rm(scratch, { recursive: true, force: true });
}

// Not needed at run time: llama.cpp's source bundle (for building from source; Akkhara uses the
// prebuilt binaries), TypeScript sources, type declarations and source maps.
await rm(path.join(stage, 'node_modules/node-llama-cpp/llama/gitRelease.bundle'), { force: true });
// Pyodide's browser consoles: Akkhara runs it in Node only.
for (const page of ['console.html', 'console-v2.html'])
  await rm(path.join(stage, 'node_modules/pyodide', page), { force: true });
await pruneFiles(path.join(stage, 'node_modules'), (file) => /\.(ts|mts|cts|map)$/.test(file));

run(
  process.execPath,
  [
    path.join(root, 'node_modules/@vscode/vsce/vsce'),
    'package',
    '--target',
    target,
    '--out',
    outFile,
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
  ],
  stage,
);
const { size } = await stat(outFile);
console.log(
  `VSIX: ${path.relative(process.cwd(), outFile)} (${(size / 1024 / 1024).toFixed(1)} MB, ${seen.size} runtime packages)`,
);

async function pruneFiles(dir, shouldRemove) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await pruneFiles(full, shouldRemove);
    else if (shouldRemove(entry.name)) await rm(full);
  }
}
