/**
 * One end-to-end session: the packaged VSIX installed into a fresh code-server profile, the sample
 * workspace copied beside it, and Chromium on the workbench with Akkhara's contributions loaded.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import * as path from 'node:path';
import {
  createProfile,
  findE2eTools,
  installExtension,
  startCodeServer,
  type E2eTools,
  type Profile,
} from './codeServer';
import type { FakeOpenAI } from './openaiServer';
import { REPO_ROOT } from './paths';
import { Workbench } from './workbench';

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const VSIX =
  process.env.AKKHARA_VSIX ?? path.join(REPO_ROOT, `${manifest.name}-${manifest.version}-linux-x64.vsix`);

/** Quiet defaults for every session; tests add their own. */
export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
};

/** What samples/workspace/mixed-script-example.md must show in the Problems panel (English UI). */
export const SAMPLE_PROBLEMS = ['Thai text in Burmese prose', 'Burmese characters in Python code'] as const;

export const tools: E2eTools | string = findE2eTools();
/** In CI a missing test bed is a failure; on a developer's machine it is a plainly reported skip. */
export const skipE2e: string | false =
  typeof tools === 'string' && !process.env.CI ? `skipped: ${tools}` : false;

export interface E2eSession {
  readonly workbench: Workbench;
  readonly profile: Profile;
  /** The copy of samples/workspace that code-server has open. */
  readonly workspace: string;
  close(): Promise<void>;
}

export async function openSession(
  settings: Record<string, unknown>,
  screenshotGroup: string,
  machineSettings?: Record<string, unknown>,
  locale?: string,
): Promise<E2eSession> {
  if (typeof tools === 'string') throw new Error(tools);
  assert.ok(existsSync(VSIX), `${VSIX} is missing: run npm run package`);
  const profile = await createProfile({ ...BASE_SETTINGS, ...settings }, undefined, machineSettings);
  const installOutput = await installExtension(tools, profile, VSIX);
  assert.match(installOutput, /successfully installed/i, installOutput);
  const workspace = path.join(profile.root, 'workspace');
  await cp(path.join(REPO_ROOT, 'samples', 'workspace'), workspace, { recursive: true });
  const server = await startCodeServer(tools, profile, workspace, undefined, locale);
  const workbench = await Workbench.open(tools.chromium, server.url, screenshotGroup);
  // The Akkhara icon in the activity bar means the extension's contributions are registered.
  await workbench.page
    .locator('.activitybar .action-item a[aria-label^="Akkhara"]')
    .waitFor({ timeout: 30_000 });
  return {
    workbench,
    profile,
    workspace,
    close: async () => {
      await workbench.close();
      await server.stop();
      await rm(profile.root, { recursive: true, force: true });
    },
  };
}

/**
 * A session in a trusted workspace whose model is `server`, a scripted OpenAI-compatible server on
 * 127.0.0.1; the settings are machine-scoped, where a code-server user sets them ("Remote" settings).
 */
export function openSessionWithServer(
  server: FakeOpenAI,
  screenshotGroup: string,
  settings: Record<string, unknown> = {},
): Promise<E2eSession> {
  return openSession({ 'security.workspace.trust.enabled': false, ...settings }, screenshotGroup, {
    'akkhara.model.source': 'remote',
    'akkhara.model.endpoint': server.baseURL,
    'akkhara.model.name': 'tiny',
  });
}
