/**
 * The student's first hour in the Burmese UI and then in the Bangla UI, each in a fresh profile (so
 * that what shows once, the first-feedback notice, shows): a failed question offers "Try again" and
 * "Choose model" in the UI language and keeps the question; 👎 shows its rated state and says once,
 * in the UI language, where feedback stays; a sample task's broken solution fails from its CodeLens,
 * the notification and the Test Explorer read in the UI language, the failed assert is at its line,
 * and "Explain this error" sends the code and the results under chips named in the UI language;
 * Attach with nothing open, Fix's saved pair, Insert's "replace the function?", New Conversation's
 * divider and First steps, each in the UI language; for teachers, Explain This Code Line by Line as a
 * diff to apply and Describe This Solution as a drafted task file; Run tests with nothing to test, the
 * Thai fragment's hover, and greyed answers after a reload; a garbled word's quick fix and Attach
 * file's picker.
 * English is covered by chat.e2e.test.ts. Screenshots in test-results/first-hour-my, -bn.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fixTitle } from '../../src/core/analysis/messages';
import { translate, type MessageKey } from '../../src/core/i18n';
import { runProblemMessage } from '../../src/core/tutor/runMessages';
import type { UiLanguage } from '../../src/core/languages';
import { describingAnswer } from '../support/describingModel';
import { openSessionWithServer, skipE2e, type E2eSession } from '../support/e2eSession';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import type { Workbench } from '../support/workbench';

const skip = skipE2e;

interface Case {
  readonly ui: Exclude<UiLanguage, 'en'>;
  readonly script: RegExp;
  readonly title: string;
  readonly question: string;
  readonly answer: string;
  readonly sample: string;
  readonly task: string;
  /** Breaks the sample's first solution in the open editor, as a student's wrong edit would. */
  readonly breakSolution: (wb: Workbench) => Promise<void>;
  readonly broken: string;
  readonly failedAssert: string;
  readonly failedLine: number;
  readonly headline: string;
  readonly got: string;
  readonly explanation: string;
  /** A question with tests, its wrong answer (`//`) and the fixed one, in the language. */
  readonly meanQuestion: string;
  readonly meanWrong: string;
  readonly meanFixed: string;
  /** A question whose answer defines total(), which samples/workspace/total.py already has. */
  readonly totalQuestion: string;
  readonly totalAnswer: string;
}

const CASES: readonly Case[] = [
  {
    ui: 'my',
    script: /[\u1000-\u109f]/,
    title: 'အက္ခရာ',
    question: 'ကိန်းနှစ်ခု ပေါင်းပါ',
    answer: 'ဤ function သည် ကိန်းနှစ်ခုကို ပေါင်းသည်။',
    sample: 'burmese.task.md',
    task: 'စုံကိန်းများကို ရေတွက်ခြင်း',
    breakSolution: async (wb) => {
      // `number % 2 == 0` → `== 1`: counts the odd numbers.
      await wb.goTo(13, 1);
      await wb.page.keyboard.press('End');
      await wb.page.keyboard.press('ArrowLeft');
      await wb.page.keyboard.press('Backspace');
      await wb.page.keyboard.type('1');
    },
    broken: 'number % 2 == 1)',
    failedAssert: 'assert count_even([7, 9]) == 0',
    failedLine: 8,
    headline: 'စမ်းသပ်ချက် 3 ခုအနက် 2 ခု အောင်မြင်သည်။',
    got: 'ရလဒ်: 2',
    explanation: 'စုံကိန်း အစား မကိန်းများကို ရေတွက်နေသည်။',
    meanQuestion: 'ပျမ်းမျှ ရှာသော function ရေးပါ\nassert mean([1, 2]) == 1.5',
    meanWrong: 'ဤ function သည် ပျမ်းမျှကို ရှာသည်။',
    meanFixed: '`/` ဖြင့် စားသဖြင့် ဒသမ ကျန်သည်။',
    totalQuestion: 'ကိန်းများ၏ ပေါင်းလဒ်ကို ရှာသော function ရေးပါ',
    totalAnswer: 'ဤ function သည် ပေါင်းလဒ်ကို ပြန်ပေးသည်။',
  },
  {
    ui: 'bn',
    script: /[\u0980-\u09ff]/,
    title: 'অক্ষর',
    question: 'দুটি সংখ্যা যোগ করুন',
    answer: 'এই ফাংশনটি দুটি সংখ্যা যোগ করে।',
    sample: 'bangla.task.md',
    task: 'বৃহত্তম সংখ্যা',
    breakSolution: async (wb) => {
      // `max` → `min`: the smallest number instead of the largest.
      await wb.goTo(15, 12);
      for (let i = 0; i < 3; i++) await wb.page.keyboard.press('Shift+ArrowRight');
      await wb.page.keyboard.type('min');
    },
    broken: 'return min(numbers)',
    failedAssert: 'assert largest([3, 9, 2]) == 9',
    failedLine: 6,
    headline: '3টি টেস্টের মধ্যে 1টি পাস করেছে।',
    got: 'পাওয়া গেছে: 2',
    explanation: 'min সবচেয়ে ছোট সংখ্যা দেয়।',
    meanQuestion: 'গড় বের করার ফাংশন লিখুন\nassert mean([1, 2]) == 1.5',
    meanWrong: 'এই ফাংশনটি গড় বের করে।',
    meanFixed: '`/` দিয়ে ভাগ করলে দশমিক থাকে।',
    totalQuestion: 'সংখ্যাগুলোর যোগফল বের করার ফাংশন লিখুন',
    totalAnswer: 'এই ফাংশনটি যোগফল ফেরত দেয়।',
  },
];

for (const c of CASES) {
  describe(`the first hour in the ${c.ui === 'my' ? 'Burmese' : 'Bangla'} UI`, { skip }, () => {
    let session: E2eSession | undefined;
    let server: FakeOpenAI | undefined;
    /** A UI string in this case's language, checked to be in its script (not an English fallback). */
    const t = (key: MessageKey): string => {
      const text = translate(c.ui, key);
      assert.match(text, c.script, `${key} is not translated to ${c.ui}`);
      return text;
    };

    before(async () => {
      server = await startFakeOpenAI();
      session = await openSessionWithServer(server, `first-hour-${c.ui}`, { 'akkhara.uiLanguage': c.ui });
    });

    after(async () => {
      await session?.close();
      await server?.close();
    });

    async function ask(question: string): Promise<void> {
      const view = session!.workbench.webview();
      const input = view.locator('textarea');
      await input.waitFor({ timeout: 30_000 });
      await input.fill(question);
      await view.locator('button.primary').click();
    }

    test('a failed question offers Try again and Choose model, and keeps the question', async () => {
      const wb = session!.workbench;
      const view = wb.webview();
      // The server refuses the key (401, never retried by itself), then answers.
      server!.queue.push({ kind: 'error', status: 401 });
      server!.queue.push({ kind: 'stream', delayMs: 20, chunks: [c.answer] });
      await wb.step('attach-nothing-open', async () => {
        // No editor is open yet: the chat's Attach selection says what to do first, in the UI language.
        await wb.runCommand('Akkhara: Open Chat');
        await view.locator('h2', { hasText: c.title }).waitFor({ timeout: 30_000 });
        await view.locator('button.attach', { hasText: t('chat.attachSelection') }).click();
        await wb.waitForNotification(t('chat.nothingToAttach'), 10_000);
      });
      await wb.step('error-try-again', async () => {
        await ask(c.question);
        const failed = view.locator('article.answer-error', { hasText: c.question }).last();
        await failed.waitFor({ timeout: 30_000 });
        assert.equal(await view.locator('textarea').inputValue(), c.question);
        await failed.locator('button', { hasText: t('chat.chooseModel') }).waitFor();
        await failed.locator('button.action-retry', { hasText: t('chat.retry') }).click();
        await view.locator('article.answer-done', { hasText: c.answer }).last().waitFor({ timeout: 30_000 });
        assert.equal(server!.requests.at(-1)!.body.messages.at(-1)!.content, c.question);
      });
    });

    test('👎 shows the rating given and says once, in the UI language, where feedback stays', async () => {
      const wb = session!.workbench;
      const answer = wb.webview().locator('article.answer-done', { hasText: c.answer }).last();
      await wb.step('feedback-first-notice', async () => {
        await answer.locator('button.action-rateDown').click();
        const reason = wb.page.locator('.quick-input-list .monaco-list-row', {
          hasText: t('feedback.reason.wrong-code'),
        });
        await reason.waitFor({ timeout: 10_000 });
        await reason.click();
        await wb.page.keyboard.press('Enter');
        await answer
          .locator('button.action-rateDown.rated[aria-pressed="true"]')
          .waitFor({ timeout: 10_000 });
        // The notice's first sentence, up to the file name it ends with.
        const notice = wb.page.locator('.notification-toast', {
          hasText: t('feedback.firstTime').slice(0, 40),
        });
        await notice.waitFor({ timeout: 10_000 });
        await notice.getByRole('button', { name: t('feedback.openStore') }).waitFor();
      });
    });

    test('a broken sample task fails from its CodeLens; the Test Explorer and Explain this error speak the UI language', async () => {
      const wb = session!.workbench;
      const lens = (title: string) =>
        wb.page.locator('.contentWidgets .codelens-decoration a', { hasText: title });
      server!.queue.push({ kind: 'stream', delayMs: 20, chunks: [c.explanation] });
      await wb.step('task-fails', async () => {
        await wb.runCommand('Akkhara: Open a Sample Task', { opensQuickInput: true });
        await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: c.sample }).click();
        await wb.page.locator('.tabs-container .tab.active', { hasText: c.sample }).waitFor();
        await c.breakSolution(wb);
        await wb.page.keyboard.press('Escape');
        await wb.page.locator('.editor-instance .view-line', { hasText: c.broken }).waitFor();
        await wb.goTo(1, 1); // the task's lenses sit above its heading
        await lens(t('lens.run')).first().waitFor({ timeout: 30_000 });
        await lens(t('lens.run')).first().click();
        const toast = wb.page.locator('.notification-toast', { hasText: `${c.task}: ${c.headline}` });
        await toast.waitFor({ timeout: 60_000 });
        await toast.locator('.monaco-button', { hasText: t('chat.explainError') }).click();
        const explained = wb.webview().locator('article.answer-done', { hasText: c.explanation }).last();
        await explained.waitFor({ timeout: 30_000 });
        assert.deepEqual(await explained.locator('.attached .chip').allInnerTexts(), [
          t('attachment.code'),
          t('attachment.testResults'),
        ]);
      });
      await wb.step('test-explorer-located', async () => {
        await wb.runCommand('Testing: Focus on Test Explorer View');
        const rows = wb.page.locator('.test-explorer .monaco-list-row');
        const failed = rows.filter({ hasText: c.failedAssert }).first();
        for (const label of [c.sample, c.task]) {
          if (await failed.isVisible()) break;
          const row = rows.filter({ hasText: label }).first();
          await row.waitFor({ timeout: 30_000 });
          if ((await row.getAttribute('aria-expanded')) === 'true') continue;
          await row.click();
          await wb.page.keyboard.press('ArrowRight');
        }
        await failed.locator('.codicon-testing-failed-icon').waitFor({ timeout: 30_000 });
        await wb.goTo(1, 1);
        await failed.dblclick();
        await wb.page
          .locator('.statusbar-item', { hasText: new RegExp(`Ln ${c.failedLine}, Col 1`) })
          .first()
          .waitFor({ timeout: 30_000 });
        // At the assert's line, the failure with what it got in the UI language, expected beside actual.
        const peek = wb.page.locator('.peekview-widget', { hasText: c.got }).first();
        await peek.waitFor({ timeout: 30_000 });
        await peek.getByText('Expected').first().waitFor();
        await wb.runCommand('Test: Show Output');
        const output = wb.page.locator('.xterm-rows, .xterm-accessibility-tree, .test-output-peek .xterm');
        await output.filter({ hasText: c.headline }).first().waitFor({ timeout: 30_000 });
        await wb.runCommand('File: Revert File');
      });
    });

    test('Fix saves a pair and says so; Insert offers to replace the file’s function; New Conversation and First steps', async () => {
      const wb = session!.workbench;
      const view = wb.webview();
      const fence = (code: string) => `\n\n\`\`\`python\n${code}\`\`\`\n`;
      server!.queue.push({
        kind: 'stream',
        delayMs: 20,
        chunks: [c.meanWrong + fence('def mean(xs):\n    return sum(xs) // len(xs)\n')],
      });
      await wb.step('fix-saves-pair', async () => {
        await wb.runCommand('Akkhara: Open Chat');
        await ask(c.meanQuestion);
        const answer = view.locator('article.answer-done', { hasText: c.meanWrong }).last();
        await answer.waitFor({ timeout: 30_000 });
        await answer.locator('button.action-runTests', { hasText: t('chat.runTests') }).click();
        await answer.locator('.tests-failed').waitFor({ timeout: 60_000 });
        server!.queue.push({
          kind: 'stream',
          delayMs: 20,
          chunks: [c.meanFixed + fence('def mean(xs):\n    return sum(xs) / len(xs)\n')],
        });
        await answer.locator('button.action-fix', { hasText: t('chat.fix') }).click();
        const fixed = view.locator('article', { hasText: 'sum(xs) / len(xs)' }).last();
        await fixed.locator('.tests-passed').waitFor({ timeout: 60_000 });
        await fixed.locator('.repair-note', { hasText: t('repair.passed') }).waitFor({ timeout: 10_000 });
        // The pair Fix saved is said in the UI language, with the setting that turns it off.
        await fixed
          .locator('.repair-note', { hasText: t('feedback.pairSaved').slice(0, 20) })
          .filter({ hasText: 'akkhara.feedback.savePairsFromFix' })
          .waitFor({ timeout: 10_000 });
      });
      server!.queue.push({
        kind: 'stream',
        delayMs: 20,
        chunks: [c.totalAnswer + fence('def total(numbers):\n    return sum(numbers)\n')],
      });
      await wb.step('insert-replaces-function', async () => {
        await ask(c.totalQuestion);
        const answer = view.locator('article.answer-done', { hasText: c.totalAnswer }).last();
        await answer.waitFor({ timeout: 30_000 });
        // No tests in the question or the code: Run tests says what to add, as guidance, not an error.
        await answer.locator('button.action-runTests').click();
        await answer
          .locator('.tests-guidance', { hasText: runProblemMessage('noTests', c.ui).slice(0, 20) })
          .waitFor({ timeout: 30_000 });
        await wb.openFile('total.py');
        await wb.goTo(3, 7); // mid-line, inside the file's own total()
        await wb.runCommand('Akkhara: Open Chat');
        await answer.locator('button.action-insertCode', { hasText: t('chat.insertCode') }).click();
        const toast = wb.page.locator('.notifications-toasts .notification-toast', {
          hasText: t('chat.replaceFunction').split('{name}')[1].trim(),
        });
        await toast.waitFor({ timeout: 10_000 });
        assert.match(await toast.innerText(), /total/);
        await toast.getByRole('button', { name: t('chat.replaceFunctionYes') }).click();
        await wb.page
          .locator('.editor-instance .view-line', { hasText: 'return sum(numbers)' })
          .waitFor({ timeout: 10_000 });
        const text = await wb.editorText();
        assert.equal(text.match(/def total\(/g)?.length, 1, text);
        assert.match(text, /^assert total\(\[1, 2, 3\]\) == 6$/m, 'the lines around it stay whole');
        // Back to the file as it was, from the editor (focus there first: the toast had it).
        await wb.page.locator('.editor-instance .view-lines').click();
        await wb.runCommand('File: Revert File');
      });
      await wb.step('new-conversation-first-steps', async () => {
        await wb.runCommand('Akkhara: New Conversation');
        await view
          .locator('.thread-divider[role="separator"]', { hasText: t('chat.newConversationDivider') })
          .last()
          .waitFor({ timeout: 30_000 });
        await view.locator('button', { hasText: t('chat.firstSteps') }).click();
        await wb.page
          .locator('.gettingStartedContainer')
          .getByText('Akkhara: your first hour')
          .first()
          .waitFor({ timeout: 30_000 });
      });
    });

    test('Explain This Code Line by Line as a diff the teacher applies; Describe This Solution drafts a task file', async () => {
      const wb = session!.workbench;
      // The stand-in model comments every line in the language it was asked in.
      const previous = server!.defaultAnswer;
      server!.defaultAnswer = (request) => [describingAnswer(request)];
      const comment = c.ui === 'my' ? '# ဤစာကြောင်းသည်' : '# এই লাইনটি';
      try {
        await wb.step('line-comments-diff', async () => {
          await wb.openFile('total.py');
          const original = await wb.editorText();
          await wb.runCommand('Akkhara: Explain This Code Line by Line');
          // The proposal beside the file, and the question in the UI language.
          await wb.page
            .locator('.monaco-diff-editor .editor.modified .view-line', { hasText: comment })
            .first()
            .waitFor({ timeout: 60_000 });
          const toast = wb.page.locator('.notifications-toasts .notification-toast', {
            hasText: t('lineComments.review').slice(0, 24),
          });
          await toast.waitFor({ timeout: 10_000 });
          assert.match(
            server!.requests.at(-1)!.body.messages.at(-1)!.content,
            c.script,
            'asked in the UI language',
          );
          await toast.getByRole('button', { name: t('lineComments.apply') }).click();
          await wb.page.locator('.monaco-diff-editor').waitFor({ state: 'detached', timeout: 30_000 });
          await wb.page
            .locator('.editor-instance .view-line', { hasText: comment })
            .first()
            .waitFor({ timeout: 30_000 });
          // Without the comment lines it added, the file is what it was, byte for byte.
          const withoutComments = (await wb.editorText())
            .split('\n')
            .filter((line) => !/^\s*# (ဤစာကြောင်းသည်|এই লাইনটি)/.test(line))
            .join('\n');
          assert.equal(withoutComments, original);
          await wb.page.locator('.editor-instance .view-lines').click();
          await wb.runCommand('File: Revert File');
        });
        await wb.step('describe-solution', async () => {
          // A task file drafted from the code: heading and prompt from the descriptions, the code as solution.
          await wb.openFile('total.py');
          await wb.runCommand('Akkhara: Describe This Solution as a Task');
          await wb.page
            .locator('.tabs-container .tab.active', { hasText: 'Untitled' })
            .waitFor({ timeout: 60_000 });
          await wb.page
            .locator('.statusbar-item', { hasText: 'Akkhara Task' })
            .first()
            .waitFor({ timeout: 30_000 });
          const draft = await wb.editorText();
          assert.match(draft, /^# .*`total`/, 'the short description as the heading');
          assert.match(draft, c.script);
          assert.match(draft, /```python solution\ndef total\(numbers\):/);
          // The draft is a task Akkhara reads: its lenses show.
          await wb.page
            .locator('.contentWidgets .codelens-decoration a', { hasText: t('lens.run') })
            .first()
            .waitFor({ timeout: 30_000 });
        });
      } finally {
        server!.defaultAnswer = previous;
      }
    });

    test('the language check speaks the UI language: the Thai fragment’s hover; after a reload, earlier answers say why they are greyed', async () => {
      const wb = session!.workbench;
      await wb.step('hover-headers', async () => {
        await wb.openFile('mixed-script-example.md');
        await wb.hoverProblem('ขอบคุณ');
        const hover = wb.page.locator('.monaco-hover', { hasText: 'THAI CHARACTER KHO KHAI' }).first();
        await hover.waitFor({ timeout: 30_000 });
        const shown = await hover.innerText();
        assert.match(shown, /U\+0E02/);
        for (const header of c.ui === 'my' ? ['ကုဒ်ပွိုင့်', 'အမည်'] : ['কোড পয়েন্ট', 'লিপি'])
          assert.ok(shown.includes(header), `${header} in ${shown}`);
        await wb.page.keyboard.press('Escape');
      });
      await wb.step('stale-after-reload', async () => {
        await wb.runCommand('Developer: Reload Window');
        await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await wb.runCommand('Akkhara: Open Chat');
        const earlier = wb.webview().locator('article.stale', { hasText: c.answer }).last();
        await earlier
          .locator('.stale-note', { hasText: t('chat.staleAnswer').slice(0, 20) })
          .waitFor({ timeout: 30_000 });
        assert.ok(await earlier.locator('button.action-rateUp').isDisabled());
      });
    });

    test('a garbled English word offers its plain spelling, and Attach file asks which file, in the UI language', async () => {
      const wb = session!.workbench;
      const garbled = c.ui === 'my' ? 'funcတion' : 'funcতion';
      const prose =
        c.ui === 'my' ? `ဤ ${garbled} သည် ကိန်းများကို ပေါင်းသည်။\n` : `এই ${garbled} সংখ্যাগুলো যোগ করে।\n`;
      await writeFile(path.join(session!.workspace, 'garbled.md'), prose);
      await wb.step('garbled-word-fix', async () => {
        await wb.openFile('garbled.md');
        const fix = wb.page.locator('.action-widget .monaco-list-row', {
          hasText: fixTitle(c.ui, 'mixed-script-token', garbled, 'function'),
        });
        // From the problem to its quick fixes, as from the light bulb. The fixes' menu closes when
        // something takes the focus as it opens (a CI run saw it so: the word selected, no menu), so
        // the way there is taken again, three times at most.
        for (let attempt = 1; ; attempt++) {
          await wb.runCommand('View: Focus Problems');
          await wb.page.locator('.markers-panel .monaco-list-row', { hasText: garbled }).first().click();
          await wb.page.keyboard.press('Enter');
          await wb.page.locator('.editor-instance .monaco-editor .selected-text').first().waitFor();
          await wb.runCommand('Quick Fix...');
          try {
            await fix.first().waitFor({ timeout: 15_000 });
            break;
          } catch (error) {
            if (attempt === 3) throw error;
            await wb.page.keyboard.press('Escape');
          }
        }
        await fix.first().click();
        await wb.page
          .locator('.editor-instance .view-line', {
            hasText: c.ui === 'my' ? 'ဤ function သည်' : 'এই function সংখ্যাগুলো',
          })
          .waitFor({ timeout: 30_000 });
        await wb.page.locator('.editor-instance .view-lines').click();
        await wb.runCommand('File: Revert File');
      });
      await wb.step('attach-file-picker', async () => {
        await wb.runCommand('Akkhara: Open Chat');
        const view = wb.webview();
        await view.locator('button.attach', { hasText: t('chat.attachFile') }).click();
        const picker = wb.page.locator('.quick-input-widget');
        await picker
          .locator('.quick-input-title', { hasText: t('chat.attachFileTitle') })
          .waitFor({ timeout: 30_000 });
        await picker.locator('.monaco-list-row', { hasText: t('chat.attachFileBrowse') }).waitFor();
        await picker.locator('.monaco-list-row', { hasText: 'garbled.md' }).first().waitFor();
        await wb.page.keyboard.press('Escape');
      });
    });
  });
}
