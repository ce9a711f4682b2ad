/**
 * Akkhara's model as a VS Code language model: offered only where the running VS Code has the
 * Language Model Chat Provider API, and answering through the real models bundle (dist/models.js)
 * from an OpenAI-compatible server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { defaultModelFor } from '../../src/core/model/local/catalog';
import type { LanguageModelProvider } from '../../src/vscode/languageModelApi';
import { fakeExtensionContext, installFakeVscode } from '../support/fakeVscode';
import { startFakeOpenAI, type FakeOpenAI } from '../support/openaiServer';
import { DIST, REPO_ROOT } from '../support/paths';

let server: FakeOpenAI;
let storage: string;
before(async () => {
  server = await startFakeOpenAI();
  storage = mkdtempSync(path.join(os.tmpdir(), 'akkhara-lm-'));
});
after(async () => {
  await server.close();
  rmSync(storage, { recursive: true, force: true });
});

function activate(options: Parameters<typeof installFakeVscode>[2]) {
  const fake = installFakeVscode([], 'en', { languageModelApi: true, ...options });
  for (const bundle of ['extension.js', 'models.js'])
    delete require.cache[require.resolve(path.join(DIST, bundle))];
  const extension = require(path.join(DIST, 'extension.js')) as { activate(context: unknown): void };
  extension.activate(fakeExtensionContext(REPO_ROOT, storage));
  const provider = fake.languageModelProviders.get('akkhara') as LanguageModelProvider | undefined;
  return { fake, provider };
}

const token = {
  isCancellationRequested: false,
  onCancellationRequested: () => ({ dispose: () => undefined }),
};
const remote = {
  'akkhara.model.source': 'remote',
  'akkhara.model.endpoint': '',
  'akkhara.model.name': 'tiny',
};
const text = (value: string) => ({ value });

test('without the Language Model API (VS Code before 1.104) activation offers no model and works', () => {
  const fake = installFakeVscode([], 'en', {});
  try {
    delete require.cache[require.resolve(path.join(DIST, 'extension.js'))];
    const extension = require(path.join(DIST, 'extension.js')) as { activate(context: unknown): void };
    extension.activate(fakeExtensionContext(REPO_ROOT, storage));
    assert.equal(fake.languageModelProviders.size, 0);
    assert.ok(fake.commands.has('akkhara.openChat'));
    assert.ok(
      !fake.loadedModules.some((m) => m.endsWith('models.js')),
      'the models bundle loads on first use',
    );
  } finally {
    fake.restore();
  }
});

test('the configured server’s model is offered, and answers the caller’s messages as text parts', async () => {
  const { fake, provider } = activate({ settings: { ...remote, 'akkhara.model.endpoint': server.baseURL } });
  try {
    assert.ok(provider, 'registered under the vendor in package.json');
    const [model, ...others] = await provider.provideLanguageModelChatInformation({ silent: true }, token);
    assert.deepEqual(others, []);
    assert.equal(model.name, 'Akkhara · tiny');
    assert.equal(model.detail, new URL(server.baseURL).host);
    assert.ok(model.maxInputTokens > 0 && model.maxOutputTokens > 0);

    server.queue.push({ kind: 'stream', chunks: ['ကိန်းနှစ်ခုကို ', 'ပေါင်းသည်။'] });
    const parts: unknown[] = [];
    await provider.provideLanguageModelChatResponse(
      model,
      [
        { role: 1, content: [text('ပေါင်းသော function ရေးပါ')] },
        { role: 2, content: [text('def add(a, b):'), { callId: 'x', name: 'tool', input: {} }] },
        { role: 1, content: [text('ရှင်းပြပါ')] },
      ],
      {},
      { report: (part) => parts.push(part) },
      token,
    );
    assert.deepEqual(
      parts.map((p) => (p as { value: string }).value),
      ['ကိန်းနှစ်ခုကို ', 'ပေါင်းသည်။'],
    );
    const sent = server.requests.at(-1)!.body;
    // The caller writes the prompt: no Akkhara system prompt, tool parts dropped, roles kept.
    assert.deepEqual(sent.messages, [
      { role: 'user', content: 'ပေါင်းသော function ရေးပါ' },
      { role: 'assistant', content: 'def add(a, b):' },
      { role: 'user', content: 'ရှင်းပြပါ' },
    ]);
    assert.equal(sent.max_tokens, model.maxOutputTokens);
  } finally {
    fake.restore();
  }
});

test('a server error rejects the request with a message in the UI language', async () => {
  const { fake, provider } = activate({ settings: { ...remote, 'akkhara.model.endpoint': server.baseURL } });
  try {
    const [model] = await provider!.provideLanguageModelChatInformation({ silent: true }, token);
    server.queue.push({ kind: 'error', status: 401 });
    await assert.rejects(
      provider!.provideLanguageModelChatResponse(
        model,
        [{ role: 1, content: [text('দুটি সংখ্যা যোগ করুন')] }],
        {},
        { report: () => undefined },
        token,
      ),
      (error: Error) => /key/i.test(error.message) && error.message.includes(new URL(server.baseURL).host),
    );
  } finally {
    fake.restore();
  }
});

test('local models: none in an untrusted folder; asked for, the model chooser opens', async () => {
  const { fake, provider } = activate({ trusted: false });
  try {
    assert.deepEqual(await provider!.provideLanguageModelChatInformation({ silent: true }, token), []);
    assert.deepEqual(fake.executedCommands, []);
    assert.deepEqual(await provider!.provideLanguageModelChatInformation({ silent: false }, token), []);
    assert.deepEqual(fake.executedCommands, ['akkhara.chooseModel']);
  } finally {
    fake.restore();
  }
});

test('local models: each downloaded default model is offered for its answer language', async () => {
  const bangla = defaultModelFor('bn');
  mkdirSync(path.join(storage, 'models'), { recursive: true });
  writeFileSync(path.join(storage, 'models', bangla.fileName), 'GGUF');
  const { fake, provider } = activate({ trusted: true });
  try {
    const offered = await provider!.provideLanguageModelChatInformation({ silent: true }, token);
    assert.deepEqual(
      offered.map((m) => [m.id, m.name, m.detail, m.language]),
      [['local:bn', `Akkhara · ${bangla.title}`, 'for Bangla answers, on this computer', 'bn']],
    );
    let changes = 0;
    provider!.onDidChangeLanguageModelChatInformation!(() => changes++);
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.ok(changes >= 1, 'the model status’s update tells VS Code to ask again');
  } finally {
    fake.restore();
    rmSync(path.join(storage, 'models'), { recursive: true, force: true });
  }
});

test('token counts are estimates that err high for Burmese, Bangla and English', async () => {
  const { fake, provider } = activate({ settings: { ...remote, 'akkhara.model.endpoint': server.baseURL } });
  try {
    const [model] = await provider!.provideLanguageModelChatInformation({ silent: true }, token);
    const count = (value: string) => provider!.provideTokenCount(model, value, token);
    assert.ok((await count('ကိန်းနှစ်ခုကို ပေါင်းပါ')) >= 'ကိန်းနှစ်ခုကို ပေါင်းပါ'.length * 0.9);
    assert.ok((await count('return a + b')) >= 3);
    const message = { role: 1, content: [text('যোগ করুন'), { callId: 'x' }] };
    assert.equal(await provider!.provideTokenCount(model, message, token), await count('যোগ করুন'));
  } finally {
    fake.restore();
  }
});

test('package.json declares the vendor the extension registers, managed by a command it has', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: {
      languageModelChatProviders: { vendor: string; managementCommand: string }[];
      commands: { command: string }[];
    };
  };
  const { fake, provider } = activate({});
  try {
    const declared = manifest.contributes.languageModelChatProviders;
    assert.deepEqual(
      declared.map((d) => d.vendor),
      [...fake.languageModelProviders.keys()],
    );
    assert.ok(provider);
    for (const { managementCommand } of declared) {
      assert.ok(fake.commands.has(managementCommand), managementCommand);
      assert.ok(manifest.contributes.commands.some((c) => c.command === managementCommand));
    }
  } finally {
    fake.restore();
  }
});
