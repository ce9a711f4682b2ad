/**
 * Runs the integration suites (mocha, in a real VS Code's extension host). In a VS Code desktop
 * build through @vscode/test-electron when one is given (AKKHARA_VSCODE_EXECUTABLE) or can be
 * downloaded; else in VS Code Server from the end-to-end test bed (vscodeServer.ts). With neither it
 * says so in one line: a skip on a developer's machine, a failure in CI. It never reports a pass it
 * did not run.
 */
import * as path from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { findE2eTools } from '../support/codeServer';
import { REPO_ROOT } from '../support/paths';
import { runInVsCodeServer } from './vscodeServer';

const SUITE_INDEX = path.join(__dirname, 'suite', 'index.js');

/** A desktop build, or why there is none. */
async function desktopVsCode(): Promise<{ executable: string } | { reason: string }> {
  const given = process.env.AKKHARA_VSCODE_EXECUTABLE;
  if (given) return { executable: given };
  try {
    const executable = await downloadAndUnzipVSCode({
      version: process.env.AKKHARA_VSCODE_VERSION ?? 'stable',
      timeout: 20_000,
    });
    return { executable };
  } catch (error) {
    return { reason: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

async function main(): Promise<void> {
  const desktop = await desktopVsCode();
  if ('executable' in desktop) {
    await runTests({
      vscodeExecutablePath: desktop.executable,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_INDEX,
      launchArgs: [
        path.join(REPO_ROOT, 'samples', 'workspace'),
        '--disable-extensions',
        '--disable-workspace-trust',
      ],
    });
    return;
  }
  const testBed = findE2eTools();
  if (typeof testBed !== 'string') {
    console.log(
      `integration: no VS Code desktop build (${desktop.reason}); running the suites in VS Code Server ` +
        'from the end-to-end test bed (web client in Chromium, Node extension host)',
    );
    const code = await runInVsCodeServer(SUITE_INDEX);
    if (code !== 0) throw new Error(`the suites failed (exit code ${code})`);
    return;
  }
  const why = `no VS Code desktop build (${desktop.reason}) and no end-to-end test bed (${testBed})`;
  if (process.env.CI) throw new Error(why);
  console.log(`integration: skipped: ${why}; set AKKHARA_VSCODE_EXECUTABLE or run npm run setup:e2e`);
}

main().catch((error: unknown) => {
  console.error(`integration: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
