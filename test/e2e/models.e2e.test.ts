/**
 * End to end in code-server: "Akkhara: Download Model" fetches the recommended model (here from a
 * mirror on 127.0.0.1 serving the tiny test GGUF, set through akkhara.model.mirror) into the
 * extension's global storage with a progress notification; "Akkhara: Set API Key for the Model
 * Server" takes a key in a password box and keeps it out of settings.json. Screenshots in
 * test-results/models/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { defaultModelFor } from '../../src/core/model/local/catalog';
import { openSession, skipE2e, type E2eSession } from '../support/e2eSession';
import { serveFile, type FileServer } from '../support/fileServer';
import { writeTinyGguf } from '../support/tinyGguf';

const skip = skipE2e;
const ENDPOINT = 'http://127.0.0.1:9/v1';
const API_KEY = 'sk-akkhara-e2e-secret';
let session: E2eSession | undefined;
let mirror: FileServer | undefined;
const gguf = path.join(mkdtempSync(path.join(os.tmpdir(), 'akkhara-e2e-model-')), 'tiny.gguf');

before(async () => {
  if (skip) return;
  writeTinyGguf(gguf);
  mirror = await serveFile(gguf);
  // Machine-scoped settings, where a code-server user sets them ("Remote" settings).
  session = await openSession({ 'security.workspace.trust.enabled': false }, 'models', {
    'akkhara.model.mirror': mirror.url,
    'akkhara.model.endpoint': ENDPOINT,
  });
});

after(async () => {
  await session?.close();
  await mirror?.close();
});

test(
  '"Akkhara: Download Model" downloads the recommended model with a progress notification',
  { skip },
  async () => {
    const wb = session!.workbench;
    const expected = defaultModelFor('my');
    const stored = path.join(
      session!.profile.userDataDir,
      'User',
      'globalStorage',
      'akkhara.akkhara',
      'models',
      expected.fileName,
    );
    await wb.step('download-pick', async () => {
      await wb.runCommand('Akkhara: Download Model', { opensQuickInput: true });
      const row = wb.page
        .locator('.quick-input-widget .monaco-list-row', { hasText: expected.title })
        .first();
      await row.waitFor({ timeout: 30_000 });
      assert.match(await row.innerText(), /recommended for your language/);
      await wb.page.keyboard.press('Enter');
    });
    await wb.step('download-done', async () => {
      await wb.page
        .locator('.notifications-toasts .notification-toast', {
          hasText: `the model is ready: ${expected.title}`,
        })
        .waitFor({ timeout: 60_000 });
      assert.ok(existsSync(stored), `${stored} missing`);
      assert.equal(statSync(stored).size, statSync(gguf).size);
    });
  },
);

test('"Akkhara: Set API Key for the Model Server" keeps the key out of settings.json', { skip }, async () => {
  const wb = session!.workbench;
  await wb.step('api-key', async () => {
    await wb.runCommand('Akkhara: Set API Key for the Model Server', { opensQuickInput: true });
    // A password box: what is typed is never shown.
    const input = wb.page.locator('.quick-input-widget input[type="password"]');
    await input.waitFor({ timeout: 30_000 });
    await input.fill(API_KEY);
    await wb.page.keyboard.press('Enter');
    await wb.page
      .locator('.notifications-toasts .notification-toast', { hasText: 'API key is saved' })
      .waitFor({ timeout: 30_000 });
    const settings = readFileSync(path.join(session!.profile.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.doesNotMatch(settings, new RegExp(API_KEY));
  });
});
