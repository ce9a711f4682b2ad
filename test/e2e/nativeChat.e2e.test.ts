/**
 * End to end in code-server: `@akkhara` is offered in VS Code's own chat view and a question goes to
 * it. VS Code answers a participant's request only once its chat has a language model (a Copilot
 * sign-in), which this offline test bed cannot have: VS Code then shows "Language model unavailable"
 * under Akkhara's name before calling any participant. So this test checks what the test bed can show
 * (the participant is registered, named and picked; Akkhara's model is listed in VS Code's Language
 * Models editor, though its chat's model picker asks for a Copilot sign-in before offering it);
 * test/unit/chatParticipant.test.ts and languageModelProvider.test.ts check the answers through the
 * same code. Screenshots in test-results/native-chat/.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openSessionWithServer, skipE2e, type E2eSession } from '../support/e2eSession';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';

const skip = skipE2e;
let session: E2eSession | undefined;
let server: FakeOpenAI | undefined;

before(async () => {
  if (skip) return;
  server = await startFakeOpenAI();
  session = await openSessionWithServer(server, 'native-chat');
});

after(async () => {
  await session?.close();
  await server?.close();
});

test('VS Code’s chat knows @akkhara: a question addressed to it goes to Akkhara', { skip }, async () => {
  const wb = session!.workbench;
  await wb.step('native-chat', async () => {
    const input = wb.page.locator('.interactive-input-part .monaco-editor').first();
    if (!(await input.isVisible())) await wb.runCommand('Chat: Open Chat');
    await input.waitFor({ timeout: 30_000 });
    await input.click();
    // The participant first, then the question once VS Code has turned "@akkhara" into its chip
    // (typed in one go, the question can land while the input re-renders, and be lost).
    await wb.page.keyboard.type('@akkhara ');
    await input.locator('text=@akkhara').first().waitFor();
    const question = 'ကိန်းနှစ်ခုကို ပေါင်းသော function ရေးပါ';
    await wb.page.keyboard.type(question);
    await input.locator(`text=${question}`).waitFor();
    await wb.page.keyboard.press('Enter');
    // The request shows under Akkhara's name (its participant), whatever VS Code can do next.
    const response = wb.page.locator('.interactive-response').last();
    await response.waitFor({ timeout: 30_000 });
    assert.match(await response.innerText(), /^Akkhara/);
    assert.match(await wb.page.locator('.interactive-request').last().innerText(), /@akkhara/);
  });
});

test('VS Code lists Akkhara as a language model provider, with the configured model', { skip }, async () => {
  const wb = session!.workbench;
  await wb.step('language-models', async () => {
    await wb.runCommand('Chat: Manage Language Models');
    // The server model from the settings, with its window (8K in + 2K out), as VS Code asked for it.
    const row = wb.page.locator('.monaco-list-row', { hasText: 'Akkhara · tiny' });
    await row.first().waitFor({ timeout: 30_000 });
    assert.match(await row.first().innerText(), /10K/);
    await wb.page.getByRole('button', { name: 'Add Models' }).click();
    await wb.page.locator('.context-view').getByText('Akkhara', { exact: true }).waitFor();
  });
});
