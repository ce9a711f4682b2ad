import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import { CHAT_VIEW_ID, COMMAND_IDS } from '../../src/vscode/commandIds';
import { fakeExtensionContext, installFakeVscode, type FakeDocument } from '../support/fakeVscode';
import { DIST, REPO_ROOT } from '../support/paths';

interface ExtensionModule {
  activate(context: unknown): void;
}

function loadFreshExtension(): ExtensionModule {
  const file = path.join(DIST, 'extension.js');
  delete require.cache[require.resolve(file)];
  return require(file) as ExtensionModule;
}

function activateWith(documents: FakeDocument[]) {
  const fake = installFakeVscode(documents);
  const context = fakeExtensionContext(REPO_ROOT);
  loadFreshExtension().activate(context);
  return { fake, context };
}

test('activate registers every command and the chat view', () => {
  const { fake, context } = activateWith([]);
  try {
    assert.deepEqual([...fake.commands.keys()].sort(), [...COMMAND_IDS].sort());
    assert.deepEqual(fake.webviewViews, [CHAT_VIEW_ID]);
    assert.ok(context.subscriptions.length >= COMMAND_IDS.length + 2);
  } finally {
    fake.restore();
  }
});

test('activate creates the Test Explorer controller and the model status item, loading neither tests nor models', async () => {
  const { fake } = activateWith([]);
  try {
    await new Promise((resolve) => setTimeout(resolve, 0)); // the status is read after activation
    assert.deepEqual(
      fake.testControllers.map((c) => c.id),
      ['akkhara'],
    );
    assert.equal(fake.statusItems.length, 1);
    const [status] = fake.statusItems;
    assert.ok(status.visible);
    assert.equal(status.command, 'akkhara.chooseModel');
    // No model downloaded in this (nonexistent) storage: the item says so and a click offers one.
    assert.match(status.text, /cloud-download.*no model/);
    for (const lazy of ['./testing.js', './models.js']) assert.ok(!fake.loadedModules.includes(lazy), lazy);
  } finally {
    fake.restore();
  }
});

test('a Python file with test_ functions and doctests shows in the Test Explorer, one item per test', () => {
  const { fake } = activateWith([]);
  try {
    const uri = 'file:///work/lesson.py';
    const text = [
      'def add(a, b):',
      '    """',
      '    >>> add(1, 2)',
      '    3',
      '    """',
      '    return a + b',
      '',
      'def test_add():',
      '    assert add(1, 1) == 2',
    ].join('\n');
    fake.openDocument({ languageId: 'python', text, uri });
    const file = fake.testControllers[0].items.get(uri);
    assert.ok(file, 'no item for the file');
    assert.deepEqual(
      ['doctest:3', 'test_add'].map((id) => file.children.get(id)?.label),
      ['>>> add(1, 2)', 'test_add'],
    );
    fake.openDocument({ languageId: 'python', text: 'print(1)', uri: 'file:///work/other.py' });
    assert.equal(
      fake.testControllers[0].items.get('file:///work/other.py'),
      undefined,
      'a file without tests',
    );
  } finally {
    fake.restore();
  }
});

test('with a Markdown file open, the server starts after activate returns, not during it', async () => {
  const { fake } = activateWith([{ languageId: 'markdown' }]);
  try {
    assert.ok(!fake.loadedModules.includes('./client.js'), 'language client loaded during activate()');
    for (const heavy of ['vscode-languageclient', 'openai', 'node-llama-cpp']) {
      assert.ok(!fake.loadedModules.some((m) => m.includes(heavy)), heavy);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.ok(fake.loadedModules.includes('./client.js'), 'deferred start never happened');
    await tick();
  } finally {
    fake.restore();
  }
});

test('the server starts only once a document it analyses is opened', async () => {
  const { fake } = activateWith([{ languageId: 'json' }]);
  try {
    await tick();
    assert.ok(!fake.loadedModules.includes('./client.js'), 'started for a JSON document');
    const before = fake.loadedModules.length;
    fake.openDocument({ languageId: 'python' });
    await tick();
    // The client bundle is required (loading the real client fails here without VS Code; that
    // failure is reported to the user, which we also check).
    assert.ok(fake.loadedModules.slice(before).includes('./client.js'), 'not started for a Python document');
    await tick();
    assert.ok(
      fake.errors.some((message) => message.includes('language server')),
      fake.errors.join('\n'),
    );
  } finally {
    fake.restore();
  }
});
