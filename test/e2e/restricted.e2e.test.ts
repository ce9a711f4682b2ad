/**
 * Restricted Mode (an untrusted workspace), as a fresh VS Code profile opens a downloaded course
 * folder: Akkhara still checks text, and VS Code no longer boxes every Burmese letter — only the
 * foreign fragment stays boxed; a question for a local model is refused with a button to trust the
 * folder. Screenshots land in test-results/restricted/.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { translate } from '../../src/core/i18n';
import { openSession, SAMPLE_PROBLEMS, skipE2e, type E2eSession } from '../support/e2eSession';

let session: E2eSession | undefined;

before(async () => {
  if (skipE2e) return;
  // Trust stays enabled (the default); no startup prompt, so the folder opens restricted.
  session = await openSession({ 'security.workspace.trust.startupPrompt': 'never' }, 'restricted');
});

after(async () => {
  await session?.close();
});

test(
  'in Restricted Mode Akkhara checks text and only the Thai fragment keeps VS Code’s unicode box',
  { skip: skipE2e },
  async () => {
    const wb = session!.workbench;
    await wb.step('restricted-mode', async () => {
      await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
      await wb.openFile('mixed-script-example.md');
      await wb.expectProblems(SAMPLE_PROBLEMS);
      // Every non-ASCII letter is boxed in Restricted Mode unless allowed; Akkhara allows Burmese and
      // Bangla, so in this file only ขอบคุณ stays boxed.
      const boxes = wb.page.locator('.monaco-editor .unicode-highlight');
      await boxes.first().waitFor();
      assert.equal(await boxes.count(), 1, 'only the Thai word should be boxed');
    });
    await wb.step('restricted-chat-burmese-bangla', async () => {
      // The refusal and its button in the Burmese and the Bangla UI. Checked before any click on the
      // button: VS Code's trust dialog that the click opens is modal in code-server.
      await wb.runCommand('Akkhara: Open Chat');
      const view = wb.webview();
      for (const ui of ['my', 'bn', 'en'] as const) {
        await wb.setEnumSetting('akkhara.uiLanguage', ui, () =>
          view.locator('h2', { hasText: translate(ui, 'chat.title') }).waitFor({ timeout: 30_000 }),
        );
        if (ui === 'en') break;
        await view.locator('textarea').fill('ကိန်းနှစ်ခုကို ပေါင်းပါ');
        await view.locator('button.primary').click();
        const refused = view
          .locator('article', { hasText: translate(ui, 'chat.untrusted').slice(0, 20) })
          .last();
        await refused.waitFor({ timeout: 30_000 });
        await refused.locator('button', { hasText: translate(ui, 'chat.trustFolder') }).waitFor();
        await wb.screenshot(`restricted-trust-${ui}`);
      }
    });
    await wb.step('restricted-chat-trust', async () => {
      // A model on this computer runs only in a trusted folder: the chat says so and offers to trust it,
      // through VS Code's own trust editor (trusting stays the user's act).
      await wb.runCommand('Akkhara: Open Chat');
      const view = wb.webview();
      const input = view.locator('textarea');
      await input.waitFor({ timeout: 30_000 });
      await input.fill('ကိန်းနှစ်ခုကို ပေါင်းပါ');
      await view.locator('button.primary').click();
      // The last refusal, in English, after the Burmese and the Bangla ones.
      const refused = view.locator('article', { hasText: 'trusted workspace' }).last();
      await refused.waitFor({ timeout: 30_000 });
      await refused.locator('button', { hasText: 'Trust this folder…' }).click();
      await wb.page.getByText('You are in Restricted Mode').first().waitFor({ timeout: 30_000 });
      await wb.page.getByRole('button', { name: 'Trust', exact: true }).first().waitFor();
      // The question is still in the box for after.
      assert.equal(await input.inputValue(), 'ကိန်းနှစ်ခုကို ပေါင်းပါ');
    });
  },
);
