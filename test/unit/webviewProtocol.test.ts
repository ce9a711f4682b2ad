import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../src/protocol/webview';

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
