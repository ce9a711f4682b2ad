/**
 * End to end in a real VS Code (code-server 4.139.1): install the packaged VSIX, open the sample
 * workspace, find Akkhara's commands in the palette, open the chat view and see the language
 * server running, switch the UI language, and see mixed-script findings in the Problems panel.
 * Screenshots of each step land in test-results/extension/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { openSession, SAMPLE_PROBLEMS, skipE2e, type E2eSession } from '../support/e2eSession';
import { REPO_ROOT } from '../support/paths';
import type { Workbench } from '../support/workbench';

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.nls.json'), 'utf8'));
const skip = skipE2e;

/** Commands whose place in the palette depends on a `when` clause (hidden, or only with a selection). */
const conditional = new Map<string, string>(
  (manifest.contributes.menus?.commandPalette ?? []).map((entry: { command: string; when: string }) => [
    entry.command,
    entry.when,
  ]),
);
const titleOf = (c: { category: string; title: string }) => `${c.category}: ${nls[c.title.slice(1, -1)]}`;
const commandTitles: string[] = manifest.contributes.commands
  .filter((c: { command: string }) => !conditional.has(c.command))
  .map(titleOf);
const hiddenTitles: string[] = manifest.contributes.commands
  .filter((c: { command: string }) => conditional.get(c.command) === 'false')
  .map(titleOf);

let session: E2eSession | undefined;
let workbench: Workbench | undefined;

before(async () => {
  if (skip) return;
  session = await openSession({ 'security.workspace.trust.enabled': false }, 'extension');
  workbench = session.workbench;
});

after(async () => {
  await session?.close();
});

test('the workbench opens the sample workspace', { skip }, async () => {
  const wb = workbench!;
  await wb.step('workbench', async () => {
    await wb.page
      .locator('.explorer-folders-view')
      .waitFor({ timeout: 30_000 })
      .catch(async () => {
        await wb.page.keyboard.press('Control+Shift+E');
        await wb.page.locator('.explorer-folders-view').waitFor();
      });
    await wb.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: 'burmese-lesson.md' })
      .waitFor();
  });
});

test("Akkhara's commands show in the command palette", { skip }, async () => {
  const wb = workbench!;
  await wb.step('palette', async () => {
    const labels = await wb.searchCommands('Akkhara');
    for (const title of commandTitles)
      assert.ok(
        labels.some((label) => label.includes(title)),
        `${title} not in ${labels.join(' | ')}`,
      );
    // CodeLens-only commands (they need a task's position) stay out of the palette.
    assert.ok(hiddenTitles.length >= 2);
    for (const title of hiddenTitles)
      assert.ok(!labels.some((label) => label.includes(title)), `${title} should not be in the palette`);
  });
  await wb.page.keyboard.press('Escape');
});

test('"Akkhara: Open Chat" opens the Akkhara view with the language server running', { skip }, async () => {
  const wb = workbench!;
  await wb.step('chat-view', async () => {
    await wb.runCommand('Akkhara: Open Chat');
    const view = wb.webview();
    await view.locator('h2', { hasText: 'Akkhara' }).waitFor({ timeout: 30_000 });
    await view.locator('.status-running').waitFor({ timeout: 30_000 });
    assert.match(await view.locator('.welcome').innerText(), /Burmese or Bangla/);
  });
});

test('the chat view follows akkhara.uiLanguage: Burmese, then Bangla', { skip }, async () => {
  const wb = workbench!;
  const view = wb.webview();
  const titleShown = (title: string) => () =>
    view.locator('h2', { hasText: title }).waitFor({ timeout: 30_000 });
  const expected = { my: 'အက္ခရာ', bn: 'অক্ষর' } as const;
  try {
    for (const [language, title] of Object.entries(expected)) {
      await wb.step(`chat-view-${language}`, async () => {
        await wb.setEnumSetting('akkhara.uiLanguage', language, titleShown(title));
        assert.equal(await view.locator('html').getAttribute('lang'), language);
        const script = language === 'my' ? /\p{Script=Myanmar}/u : /\p{Script=Bengali}/u;
        assert.match(await view.locator('.status').innerText(), script);
      });
    }
  } finally {
    await wb.setEnumSetting('akkhara.uiLanguage', 'auto', titleShown('Akkhara'));
  }
});

test(
  'a Thai fragment in Burmese prose and Burmese digits in Python show in the Problems panel',
  { skip },
  async () => {
    const wb = workbench!;
    await wb.step('problems', async () => {
      await wb.openFile('mixed-script-example.md');
      await wb.expectProblems(SAMPLE_PROBLEMS);
    });
  },
);

test(
  'hovering the Thai fragment names its characters: code point, Unicode name, script',
  { skip },
  async () => {
    const wb = workbench!;
    await wb.step('hover', async () => {
      await wb.openFile('mixed-script-example.md');
      await wb.expectProblems(SAMPLE_PROBLEMS);
      await wb.hoverProblem(SAMPLE_PROBLEMS[0]);
      const hover = wb.page.locator('.monaco-hover', { hasText: 'THAI CHARACTER KHO KHAI' }).first();
      await hover.waitFor({ timeout: 30_000 });
      await wb.screenshot('hover');
      const shown = await hover.innerText();
      assert.match(shown, /U\+0E02/);
      assert.match(shown, /Thai text in Burmese prose/);
      await wb.page.keyboard.press('Escape');
    });
  },
);

test(
  'folder settings apply at once: allowing Thai in .vscode/settings.json clears the Thai problem',
  { skip },
  async () => {
    const wb = workbench!;
    const settingsFile = path.join(session!.workspace, '.vscode', 'settings.json');
    const rows = wb.page.locator('.markers-panel .monaco-list-row');
    try {
      await wb.step('folder-settings', async () => {
        await wb.expectProblems(SAMPLE_PROBLEMS);
        await mkdir(path.dirname(settingsFile), { recursive: true });
        await writeFile(settingsFile, JSON.stringify({ 'akkhara.check.allowedScripts': ['Thai'] }));
        await rows
          .filter({ hasText: SAMPLE_PROBLEMS[0] })
          .first()
          .waitFor({ state: 'detached', timeout: 30_000 });
        await rows.filter({ hasText: SAMPLE_PROBLEMS[1] }).first().waitFor();
        await wb.screenshot('folder-settings');
      });
    } finally {
      await rm(settingsFile, { force: true });
    }
    await wb.step('folder-settings-removed', () => wb.expectProblems(SAMPLE_PROBLEMS));
  },
);

test('"Akkhara: Show Logs" shows the language server it started', { skip }, async () => {
  const wb = workbench!;
  await wb.step('logs', async () => {
    await wb.runCommand('Akkhara: Show Logs');
    // Monaco renders spaces as U+00A0, hence \s rather than literal spaces.
    const line = wb.page.locator('.view-line', { hasText: /Language\sserver\s\S+\srunning\s\(pid\s\d+/ });
    await line.first().waitFor({ timeout: 30_000 });
  });
});
