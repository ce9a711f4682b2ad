/**
 * The language server's findings in a real VS Code: the Problems of a Markdown lesson with a Thai
 * fragment in Burmese prose and Burmese digits in its Python, their quick fixes, and a severity
 * setting that turns one off.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const SAMPLE = 'mixed-script-example.md';

/** Waits until the document's diagnostics satisfy `ready` (the server publishes after a debounce). */
function diagnosticsWhen(
  uri: vscode.Uri,
  ready: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!ready(diagnostics)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => check());
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(
        new Error(`diagnostics never became ready: ${JSON.stringify(vscode.languages.getDiagnostics(uri))}`),
      );
    }, 20_000);
    check();
  });
}

const codeOf = (diagnostic: vscode.Diagnostic) =>
  typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);

describe('Akkhara diagnostics', () => {
  let uri: vscode.Uri;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the sample workspace is open');
    uri = vscode.Uri.joinPath(folder.uri, SAMPLE);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('akkhara')
      .update('check.severity', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('lists the Thai fragment and the Burmese digits in code', async () => {
    const diagnostics = await diagnosticsWhen(uri, (list) =>
      ['foreign-script', 'native-in-code'].every((code) => list.some((d) => codeOf(d) === code)),
    );
    const thai = diagnostics.find((d) => codeOf(d) === 'foreign-script')!;
    const digits = diagnostics.find((d) => codeOf(d) === 'native-in-code')!;
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.getText(thai.range), 'ขอบคุณ');
    assert.equal(thai.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(document.getText(digits.range), '၁၂');
    assert.equal(digits.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(thai.source, 'akkhara');
  });

  it('offers ASCII digits as the quick fix for digits in code, and applying it clears the error', async () => {
    const [digits] = (
      await diagnosticsWhen(uri, (l) => l.some((d) => codeOf(d) === 'native-in-code'))
    ).filter((d) => codeOf(d) === 'native-in-code');
    // Code actions see the editor's markers, which follow the extension host's diagnostics a
    // moment later: ask until the fix is offered (a user sees the squiggle before the light bulb).
    let actions: vscode.CodeAction[] = [];
    let fix: vscode.CodeAction | undefined;
    for (let attempt = 0; attempt < 50 && !fix; attempt++) {
      if (attempt) await new Promise((resolve) => setTimeout(resolve, 200));
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        digits.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // Found by what it does: its edit puts ASCII digits where the Burmese ones are.
      fix = actions.find((action) =>
        action.edit?.get(uri).some((edit) => edit.range.isEqual(digits.range) && edit.newText === '12'),
      );
    }
    assert.ok(fix, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(document.getText(), /total = 12 \+ 3/);
    await diagnosticsWhen(uri, (list) => !list.some((d) => codeOf(d) === 'native-in-code'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('drops a finding whose severity is set to "off"', async () => {
    await vscode.workspace
      .getConfiguration('akkhara')
      .update('check.severity', { 'foreign-script': 'off' }, vscode.ConfigurationTarget.Workspace);
    await diagnosticsWhen(uri, (list) => !list.some((d) => codeOf(d) === 'foreign-script'));
  });
});
