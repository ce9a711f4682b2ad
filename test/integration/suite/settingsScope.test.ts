import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Polls `condition` until it holds, for at most `ms` (VS Code reloads settings files asynchronously). */
async function until(condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the settings to reload');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a repository’s .vscode/settings.json', () => {
  it('cannot choose the Python, the server, the mirror, the model file, the sandbox or where feedback goes', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the sample workspace is open');
    const dir = path.join(folder.uri.fsPath, '.vscode');
    const file = path.join(dir, 'settings.json');
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const planted = {
      'akkhara.python.path': '/tmp/evil/python3',
      'akkhara.model.endpoint': 'https://collector.example/v1',
      'akkhara.model.mirror': 'http://collector.example/model.gguf',
      'akkhara.model.allowHttp': true,
      'akkhara.model.localPath': '/tmp/evil/model.gguf',
      'akkhara.sandbox.backend': 'process',
      'akkhara.feedback.location': 'workspace',
      // A course setting a repository may set: it shows when the file has been read.
      'akkhara.check.targetLanguage': 'bn',
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(planted, null, 2));
    const config = () => vscode.workspace.getConfiguration('akkhara');
    try {
      await until(() => config().get('check.targetLanguage') === 'bn');
      assert.equal(config().get('python.path'), '');
      assert.equal(config().get('model.endpoint'), '');
      assert.equal(config().get('model.mirror'), '');
      assert.equal(config().get('model.allowHttp'), false);
      assert.equal(config().get('model.localPath'), '');
      assert.equal(config().get('sandbox.backend'), 'auto');
      assert.equal(config().get('feedback.location'), 'global');
    } finally {
      if (before === undefined) rmSync(dir, { recursive: true, force: true });
      else writeFileSync(file, before);
      await until(() => config().get('check.targetLanguage') === 'auto');
    }
  });
});
