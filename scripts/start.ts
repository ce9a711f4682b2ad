/**
 * `npm start`: build Akkhara and open it in a local VS Code on a copy of the sample Burmese/Bangla
 * workspace (made once under the cache and kept: a student's edits stay theirs and never change the
 * repository). With a desktop `code` on PATH it opens an Extension Development Host; otherwise it
 * runs code-server (installed by scripts/setup-e2e.sh) on 127.0.0.1 with the packaged VSIX, in a
 * profile kept under the cache so settings survive restarts.
 *
 * AKKHARA_START_CHECK=1 (CI runs README's main command this way): once the workbench page answers,
 * say so and stop, exit 0.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import * as path from 'node:path';
import {
  createProfile,
  E2E_CACHE,
  findE2eTools,
  installExtension,
  startCodeServer,
} from '../test/support/codeServer';

const root = path.resolve(__dirname, '..', '..');
const samples = path.join(root, 'samples', 'workspace');

/** The student's workspace: a copy of the samples, made the first time (never overwritten after). */
async function workspaceCopy(): Promise<string> {
  const copy = path.join(E2E_CACHE, 'workspace');
  if (!existsSync(copy)) await cp(samples, copy, { recursive: true, errorOnExist: true, force: false });
  return copy;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

function hasDesktopCode(): boolean {
  const probe = spawnSync('code', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 && !/code-server/i.test(probe.stdout) && !process.env.AKKHARA_USE_CODE_SERVER;
}

async function main(): Promise<void> {
  const workspace = await workspaceCopy();
  if (hasDesktopCode()) {
    console.log('Opening an Extension Development Host in VS Code…');
    run('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace]);
    return;
  }
  run('bash', [path.join(root, 'scripts', 'setup-e2e.sh'), '--for-start']);
  const tools = findE2eTools({ browser: false });
  if (typeof tools === 'string') throw new Error(tools);
  run(process.execPath, [path.join(root, 'scripts', 'package.mjs')]);
  const { name, version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `${name}-${version}-linux-x64.vsix`);
  const profile = await createProfile({ 'workbench.startupEditor': 'none' }, path.join(E2E_CACHE, 'profile'));
  await installExtension(tools, profile, vsix);
  const check = process.env.AKKHARA_START_CHECK === '1';
  // A check takes any free port (a CI machine may have 8080 taken); a student gets 8080 or PORT.
  const port = process.env.PORT ? Number(process.env.PORT) : check ? undefined : 8080;
  const server = await startCodeServer(tools, profile, workspace, port);
  const address = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`\nAkkhara is running in VS Code at ${address}`);
  if (check) {
    const page = await fetch(address, { signal: AbortSignal.timeout(60_000) });
    await server.stop();
    if (!page.ok) throw new Error(`the workbench page answered ${page.status}`);
    console.log(`akkhara start: the workbench answered (${page.status}); stopped (AKKHARA_START_CHECK)`);
    return;
  }
  console.log('Open that address in a browser. Press Ctrl+C to stop.');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`akkhara start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
