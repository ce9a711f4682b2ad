/**
 * The architecture is enforced by lint rules; these tests prove the rules fire. Each lints a
 * violating snippet as if it were an existing file of the layer it breaks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../support/paths';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

test('src/core may not import vscode', async () => {
  const ids = await ruleIds(
    "import * as vscode from 'vscode';\nexport const x = vscode;\n",
    'src/core/languages.ts',
  );
  assert.deepEqual(ids, ['no-restricted-imports']);
});

test('src/core may not import the VS Code glue or the CLI', async () => {
  const ids = await ruleIds(
    "import { t } from '../vscode/config';\nexport const x = t;\n",
    'src/core/languages.ts',
  );
  assert.deepEqual(ids, ['no-restricted-imports']);
});

test('core/model holds model providers only: it may not import the sandbox, eval or the tutor engine', async () => {
  for (const module of ['../sandbox/types', '../eval/formats', '../tutor/bestOfK'])
    assert.deepEqual(
      await ruleIds(`import { x } from '${module}';\nexport const y = x;\n`, 'src/core/model/remote.ts'),
      ['no-restricted-imports'],
      module,
    );
});

test('the language server may not write to the console', async () => {
  const ids = await ruleIds("console.log('hello');\n", 'language-server/src/server.ts');
  assert.deepEqual(ids, ['no-console']);
});

test('the webview may not import runtime code from the core', async () => {
  const ids = await ruleIds(
    "import { translate } from '../../src/core/i18n';\nexport const x = translate;\n",
    'media/src/chat.ts',
  );
  assert.deepEqual(ids, ['no-restricted-imports']);
  assert.deepEqual(
    await ruleIds(
      "import type { Catalogue } from '../../src/core/i18n';\nexport type X = Catalogue;\n",
      'media/src/chat.ts',
    ),
    [],
  );
});

test('a floating promise is an error', async () => {
  const ids = await ruleIds('async function f(): Promise<void> {}\nf();\n', 'src/vscode/extension.ts');
  assert.deepEqual(ids, ['@typescript-eslint/no-floating-promises']);
});

test('the code as committed passes these rules', async () => {
  const results = await eslint.lintFiles(['src/core', 'language-server/src', 'media/src']);
  const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}`));
  assert.deepEqual(problems, []);
});
