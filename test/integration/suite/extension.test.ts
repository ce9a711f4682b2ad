import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMAND_IDS } from '../../../src/vscode/commandIds';

describe('Akkhara in VS Code', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension('akkhara.akkhara');
    assert.ok(extension, 'extension not found');
    await extension.activate();
  });

  it('registers every command', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of COMMAND_IDS) assert.ok(commands.includes(id), id);
  });

  it('opens the chat view', async () => {
    await vscode.commands.executeCommand('akkhara.openChat');
  });

  it('reads typed settings with their defaults', () => {
    const config = vscode.workspace.getConfiguration('akkhara');
    assert.equal(config.get('uiLanguage'), 'auto');
    assert.equal(config.get('sandbox.timeoutSeconds'), 10);
  });

  it('restarts the language server on request', async () => {
    await vscode.commands.executeCommand('akkhara.restartLanguageServer');
  });
});
