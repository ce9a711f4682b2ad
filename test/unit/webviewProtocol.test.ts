import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUESTION_CHARS, parseWebviewMessage } from '../../src/protocol/webview';

test('known webview messages are accepted', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready', payload: {} }), { type: 'ready', payload: {} });
  assert.deepEqual(parseWebviewMessage({ type: 'runCommand', payload: { command: 'akkhara.showLogs' } }), {
    type: 'runCommand',
    payload: { command: 'akkhara.showLogs' },
  });
});

test('a page cannot make the host run arbitrary commands', () => {
  for (const command of ['workbench.action.terminal.new', 'akkhara.restartLanguageServer', '', 7]) {
    assert.equal(
      parseWebviewMessage({ type: 'runCommand', payload: { command } }),
      undefined,
      String(command),
    );
  }
});

test('malformed messages are rejected', () => {
  for (const data of [
    null,
    undefined,
    'ready',
    42,
    {},
    { type: 'nope' },
    { type: 'runCommand' },
    { type: 'runCommand', payload: null },
  ]) {
    assert.equal(parseWebviewMessage(data), undefined, JSON.stringify(data));
  }
});

test('a question is accepted only as non-empty text of bounded length; stop needs nothing', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ask', payload: { text: 'ကိန်း ပေါင်းပါ' } }), {
    type: 'ask',
    payload: { text: 'ကိန်း ပေါင်းပါ' },
  });
  assert.deepEqual(parseWebviewMessage({ type: 'stop', payload: { anything: 1 } }), {
    type: 'stop',
    payload: {},
  });
  for (const payload of [
    undefined,
    {},
    { text: 42 },
    { text: '   ' },
    { text: 'x'.repeat(MAX_QUESTION_CHARS + 1) },
  ])
    assert.equal(
      parseWebviewMessage({ type: 'ask', payload }),
      undefined,
      JSON.stringify(payload)?.slice(0, 40),
    );
});

test('an answer action names a kept answer by integer id and a known action; anything else is dropped', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'answerAction', payload: { id: 17, action: 'runTests' } }), {
    type: 'answerAction',
    payload: { id: 17, action: 'runTests' },
  });
  for (const payload of [
    { id: 17, action: 'deleteEverything' },
    { id: '17', action: 'copyCode' },
    { id: 1.5, action: 'copyCode' },
    { action: 'copyCode' },
    null,
  ])
    assert.equal(parseWebviewMessage({ type: 'answerAction', payload }), undefined, JSON.stringify(payload));
});

test('attaching names the selection or the file only; a chip is removed by integer id', () => {
  for (const what of ['selection', 'file'] as const)
    assert.deepEqual(parseWebviewMessage({ type: 'attach', payload: { what } }), {
      type: 'attach',
      payload: { what },
    });
  assert.deepEqual(parseWebviewMessage({ type: 'removeAttachment', payload: { id: 3 } }), {
    type: 'removeAttachment',
    payload: { id: 3 },
  });
  for (const bad of [
    { type: 'attach', payload: { what: '/etc/passwd' } },
    { type: 'attach', payload: {} },
    { type: 'removeAttachment', payload: { id: '3' } },
    { type: 'removeAttachment', payload: { id: 1.5 } },
  ])
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
});
