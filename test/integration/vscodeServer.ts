/**
 * Runs the integration suites in VS Code Server, the build of VS Code that code-server carries (the
 * end-to-end test bed), where no desktop build can be had. Its web client opens in Chromium with
 * the smoke-test driver on, which lets the page's payload name a development extension (this
 * checkout) and a tests entry point — as @vscode/test-web does — and the suites run in the server's
 * Node extension host, the one Akkhara uses in code-server and VS Code remote. VS Code reports the
 * end through `codeAutomationExit` and forwards the extension host's console through
 * `codeAutomationLog`.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { E2E_CACHE, findE2eTools, freePort } from '../support/codeServer';
import { REPO_ROOT } from '../support/paths';
import { OUTPUT_END, OUTPUT_START } from './suite/markers';
import { CHROMIUM_ARGS } from '../support/workbench';

const SUITES_TIMEOUT_MS = 300_000;

export const VSCODE_SERVER = path.join(
  E2E_CACHE,
  'code-server',
  'node_modules',
  'code-server',
  'lib',
  'vscode',
  'out',
  'server-main.js',
);

const stripColours = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** Runs the suites; resolves to their exit code (0: all passed). */
export async function runInVsCodeServer(suiteIndex: string): Promise<number> {
  const tools = findE2eTools();
  if (typeof tools === 'string') throw new Error(tools);
  const root = await mkdtemp(path.join(os.tmpdir(), 'akkhara-integration-'));
  const workspace = path.join(root, 'workspace');
  await cp(path.join(REPO_ROOT, 'samples', 'workspace'), workspace, { recursive: true });
  const port = await freePort();
  const server = spawn(
    path.join(tools.nodeBin, 'node'),
    [
      VSCODE_SERVER,
      ...['--host', '127.0.0.1', '--port', String(port)],
      '--without-connection-token',
      '--accept-server-license-terms',
      '--enable-smoke-test-driver',
      '--disable-workspace-trust',
      ...['--server-data-dir', path.join(root, 'server'), '--user-data-dir', path.join(root, 'user')],
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let serverOutput = '';
  server.stdout!.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  server.stderr!.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
  const browser = await chromium.launch({ executablePath: tools.chromium, args: CHROMIUM_ARGS });
  try {
    await waitFor(
      () => serverOutput.includes('Extension host agent listening'),
      server,
      () => serverOutput,
    );
    const page = await browser.newPage();
    let printing = false;
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const line = stripColours(format(...args));
      if (line.includes(OUTPUT_END)) printing = false;
      // The workbench logs too ("[Component] …" lines); the suites' reporter never starts that way.
      if (printing && !/^\[[\w -]+\]/.test(line)) console.log(line);
      if (line.includes(OUTPUT_START)) printing = true;
    });
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const host = `127.0.0.1:${port}`;
    const remote = (file: string) => `vscode-remote://${host}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(suiteIndex)],
    ];
    const query = `folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(`http://${host}/?${query}`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        console.log(`integration: the suites did not finish within ${SUITES_TIMEOUT_MS / 1000} s`);
        resolve(1);
      }, SUITES_TIMEOUT_MS);
    });
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    return code;
  } finally {
    await browser.close();
    process.kill(-server.pid!, 'SIGTERM');
    await rm(root, { recursive: true, force: true });
  }
}

async function waitFor(ready: () => boolean, child: { exitCode: number | null }, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`VS Code Server exited (${child.exitCode}):\n${output()}`);
    if (Date.now() > deadline) throw new Error(`VS Code Server did not start:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
