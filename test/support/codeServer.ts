/**
 * Runs a real VS Code (code-server, installed by scripts/setup-e2e.sh) on 127.0.0.1 with a fresh
 * profile, for the end-to-end tests.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export interface E2eTools {
  readonly codeServer: string;
  readonly nodeBin: string;
  readonly chromium: string;
}

export const E2E_CACHE =
  process.env.AKKHARA_E2E_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'akkhara-e2e');

/**
 * The installed tools, or a sentence saying what is missing. `browser: false` (npm start: the
 * student's own browser shows VS Code): Chromium is not needed.
 */
export function findE2eTools({ browser = true } = {}): E2eTools | string {
  const codeServer = path.join(E2E_CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
  const nodeParent = path.join(E2E_CACHE, 'node24', 'node_modules', 'node', 'node_modules');
  const nodeDir = existsSync(nodeParent)
    ? readdirSync(nodeParent).find((d) => d.startsWith('node-linux-'))
    : undefined;
  const chromium = process.env.AKKHARA_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(codeServer) || !nodeDir)
    return `code-server or Node 24 is not installed in ${E2E_CACHE} (run: npm run setup:e2e)`;
  if (browser && !existsSync(chromium)) return `${chromium} is missing (run: npm run setup:e2e)`;
  return { codeServer, nodeBin: path.join(nodeParent, nodeDir, 'bin'), chromium };
}

export interface Profile {
  readonly root: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

/**
 * A code-server profile in `root` (default: a fresh temporary folder) with these user settings.
 * `machineSettings` go to the machine's own settings file: code-server runs extensions on the
 * "remote" side, where settings of machine scope (model paths, endpoints) are read from there only.
 */
export async function createProfile(
  settings: Record<string, unknown>,
  root?: string,
  machineSettings?: Record<string, unknown>,
): Promise<Profile> {
  root ??= await mkdtemp(path.join(os.tmpdir(), 'akkhara-e2e-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  if (machineSettings) {
    await mkdir(path.join(userDataDir, 'Machine'), { recursive: true });
    await writeFile(
      path.join(userDataDir, 'Machine', 'settings.json'),
      JSON.stringify(machineSettings, null, 2),
    );
  }
  await mkdir(extensionsDir, { recursive: true });
  // An existing profile keeps the user's own settings.
  await writeFile(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2), {
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return { root, userDataDir, extensionsDir };
}

function codeServerArgs(profile: Profile): string[] {
  return [
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
    '--config',
    path.join(profile.root, 'config.yaml'),
  ];
}

function toolEnv(tools: E2eTools): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${tools.nodeBin}${path.delimiter}${process.env.PATH ?? ''}` };
}

export async function installExtension(tools: E2eTools, profile: Profile, vsix: string): Promise<string> {
  const install = () =>
    promisify(execFile)(
      tools.codeServer,
      [...codeServerArgs(profile), '--install-extension', vsix, '--force'],
      {
        env: toolEnv(tools),
        timeout: 120_000,
      },
    );
  try {
    const { stdout, stderr } = await install();
    return `${stdout}${stderr}`;
  } catch (error) {
    // An install stopped half-way (Ctrl+C during `npm start`) leaves Akkhara listed but its folder
    // gone, and VS Code then refuses ("restart VS Code before reinstalling"): forget that install
    // (our entry and VS Code's unpacking folders) and install once more.
    if (!/restart VS Code before reinstalling/i.test(String((error as { stderr?: string }).stderr ?? error)))
      throw error;
    await forgetHalfInstalled(profile.extensionsDir);
    const { stdout, stderr } = await install();
    return `${stdout}${stderr}`;
  }
}

async function forgetHalfInstalled(extensionsDir: string): Promise<void> {
  const listFile = path.join(extensionsDir, 'extensions.json');
  const listed = JSON.parse(await readFile(listFile, 'utf8').catch(() => '[]')) as {
    identifier: { id: string };
    relativeLocation?: string;
  }[];
  await writeFile(
    listFile,
    JSON.stringify(listed.filter((entry) => entry.identifier.id.toLowerCase() !== 'akkhara.akkhara')),
  );
  for (const entry of await readdir(extensionsDir))
    if (/^\.[0-9a-f-]{36}$/.test(entry) || entry.startsWith('akkhara.akkhara-'))
      await rm(path.join(extensionsDir, entry), { recursive: true, force: true });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningCodeServer {
  readonly url: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

export async function startCodeServer(
  tools: E2eTools,
  profile: Profile,
  folder: string,
  port?: number,
  /** VS Code's display language (code-server's --locale), e.g. "my". */
  locale?: string,
): Promise<RunningCodeServer> {
  port ??= await freePort();
  const child: ChildProcess = spawn(
    tools.codeServer,
    [
      ...codeServerArgs(profile),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(locale ? ['--locale', locale] : []),
      folder,
    ],
    { env: toolEnv(tools), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await isHealthy(url))) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    log: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM'); // the whole group: code-server forks its extension host
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    },
  };
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}
