/**
 * End to end in code-server: a first question with no model offers "Download the model", which
 * fetches the recommended model (here the tiny test GGUF from 127.0.0.1, named by a catalog of
 * the school's own, AKKHARA_MODEL_CATALOG, over plain http allowed by akkhara.model.allowHttp) into
 * the extension's global storage with a progress notification;
 * the local model then answers in the chat; "Akkhara: Set API Key for the Model
 * Server" takes a key in a password box and keeps it out of settings.json. Offline, the download
 * says so and offers Try again, a model file or a server, in English, Burmese and Bangla. Screenshots in
 * test-results/models/.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { translate } from '../../src/core/i18n';
import type { UiLanguage } from '../../src/core/languages';
import { BUILT_IN_CATALOG, defaultModelFor } from '../../src/core/model/local/catalog';
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
  // A school's own catalog (AKKHARA_MODEL_CATALOG, read by the extension host code-server starts)
  // whose Burmese model is the tiny GGUF, pinned by size and SHA-256 as the real entries are.
  const catalogFile = path.join(path.dirname(gguf), 'catalog.json');
  const bytes = readFileSync(gguf);
  writeFileSync(
    catalogFile,
    JSON.stringify([
      {
        ...BUILT_IN_CATALOG[0],
        url: mirror.url,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      },
    ]),
  );
  process.env.AKKHARA_MODEL_CATALOG = catalogFile;
  // Machine-scoped settings, where a code-server user sets them ("Remote" settings).
  session = await openSession({ 'security.workspace.trust.enabled': false }, 'models', {
    'akkhara.model.allowHttp': true,
    'akkhara.model.endpoint': ENDPOINT,
  });
});

after(async () => {
  await session?.close();
  await mirror?.close();
});

test(
  'a first question with no model offers the download; the model then answers in the chat',
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
    const view = wb.webview();
    const ask = async (question: string) => {
      const input = view.locator('textarea');
      await input.waitFor({ timeout: 30_000 });
      await input.fill(question);
      await view.locator('button.primary').click();
    };
    await wb.step('no-model', async () => {
      await wb.runCommand('Akkhara: Open Chat');
      await ask('ကိန်းနှစ်ခုကို ပေါင်းပါ');
      await view.locator('.error', { hasText: 'No model yet' }).last().waitFor({ timeout: 30_000 });
    });
    const pickModel = async (ui: UiLanguage = 'en') => {
      const row = wb.page
        .locator('.quick-input-widget .monaco-list-row', { hasText: expected.title })
        .first();
      await row.waitFor({ timeout: 30_000 });
      assert.ok((await row.innerText()).includes(translate(ui, 'model.recommended')));
      await wb.page.keyboard.press('Enter');
    };
    // The mirror sends the download on to an address nothing answers: as offline.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    mirror!.redirectTo = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/model.gguf`;
    await new Promise((resolve) => closed.close(resolve));
    await wb.step('download-offline-burmese-bangla', async () => {
      // In the Burmese and the Bangla UI: no model yet, the download offered, offline, and the next
      // steps, all in the UI language.
      for (const ui of ['my', 'bn'] as const) {
        await wb.setEnumSetting('akkhara.uiLanguage', ui, () =>
          view.locator('h2', { hasText: translate(ui, 'chat.title') }).waitFor({ timeout: 30_000 }),
        );
        await ask('ကိန်းနှစ်ခုကို ပေါင်းပါ');
        const noModel = view
          .locator('article', { hasText: translate(ui, 'chat.noModel').slice(0, 12) })
          .last();
        await noModel.waitFor({ timeout: 30_000 });
        await noModel.locator('button', { hasText: translate(ui, 'chat.downloadModel') }).click();
        await pickModel(ui);
        const toast = wb.page.locator('.notifications-toasts .notification-toast', {
          hasText: translate(ui, 'model.offline').slice(0, 20),
        });
        await toast.waitFor({ timeout: 60_000 });
        for (const key of ['action.retry', 'model.useFile', 'model.useServer'] as const)
          await toast.getByRole('button', { name: translate(ui, key) }).waitFor();
        await wb.screenshot(`download-offline-${ui}`);
        await toast.hover();
        await toast.getByRole('button', { name: 'Clear Notification' }).click();
      }
      await wb.setEnumSetting('akkhara.uiLanguage', 'auto', () =>
        view.locator('h2', { hasText: 'Akkhara' }).waitFor({ timeout: 30_000 }),
      );
    });
    await wb.step('download-offline', async () => {
      // The error says so in words, with the next steps as buttons, and no technical detail (that is
      // in the logs).
      await view.locator('article button', { hasText: 'Download the model' }).last().click();
      await pickModel();
      const toast = wb.page.locator('.notifications-toasts .notification-toast', {
        hasText: 'seems to be offline',
      });
      await toast.waitFor({ timeout: 60_000 });
      for (const step of ['Try again', 'Use a model file…', 'Use a server…'])
        await toast.getByRole('button', { name: step }).waitFor();
      await wb.docsPicture('download-offline', toast);
      mirror!.redirectTo = undefined;
      await toast.getByRole('button', { name: 'Try again' }).click();
    });
    await wb.step('download-pick', pickModel);
    await wb.step('download-done', async () => {
      await wb.waitForNotification(`the model is ready: ${expected.title}`);
      assert.ok(existsSync(stored), `${stored} missing`);
      assert.equal(statSync(stored).size, statSync(gguf).size);
    });
    await wb.step('local-answer', async () => {
      await ask('ကိန်းနှစ်ခုကို ပေါင်းပါ');
      // The tiny test model's answer is noise that runs to the token limit (a minute or more on a busy
      // machine); what matters is that a local model ran in its worker and streamed an answer, so Stop it.
      const streaming = view.locator('article.answer-streaming', { hasText: expected.fileName }).last();
      await streaming.locator('.answer-body').filter({ hasText: /\S{8}/ }).waitFor({ timeout: 60_000 });
      await view.locator('button.stop').click();
      const answer = view.locator('article.answer-done', { hasText: expected.fileName }).last();
      await answer.waitFor({ timeout: 30_000 });
      assert.ok((await answer.locator('.answer-body').innerText()).length > 0);
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
    await wb.waitForNotification('API key is saved', 30_000);
    const settings = readFileSync(path.join(session!.profile.userDataDir, 'User', 'settings.json'), 'utf8');
    assert.doesNotMatch(settings, new RegExp(API_KEY));
  });
});
