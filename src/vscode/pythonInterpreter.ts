/**
 * Which Python runs tests: `akkhara.python.path` when set, else the interpreter chosen in the Python
 * extension (ms-python.python) for the workspace — the one a student already picked with "Python:
 * Select Interpreter", packages included — else python3 on PATH. Part of the testing bundle.
 *
 * Akkhara starts the interpreter on this machine once, outside any sandbox, to learn its folders.
 * The Python extension may have picked a `.venv` the repository itself ships; a venv made with
 * `python -m venv` links its python to an installed one, but a repository could commit a program
 * named python. So an interpreter whose real file lies inside a workspace folder is never started:
 * the user names it in `akkhara.python.path` (a machine setting) if they mean it.
 */
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { PVSC_EXTENSION_ID, PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';
import { getSetting } from './config';

export interface ChosenPython {
  /** '' lets the sandbox look for python3 on PATH. */
  readonly path: string;
  readonly source: 'setting' | 'python-extension' | 'path';
  /** The Python extension's interpreter, passed over because its file is the repository's own. */
  readonly passedOver?: string;
}

/** Whether `file`'s real path is inside one of the workspace's folders (a file the repository holds). */
export async function insideWorkspace(file: string, folders: readonly string[]): Promise<boolean> {
  const real = await realpath(file).catch(() => file);
  return folders.some((folder) => {
    const relative = path.relative(folder, real);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}

export async function pythonForTests(): Promise<ChosenPython> {
  const configured = getSetting('akkhara.python.path').trim();
  if (configured) return { path: configured, source: 'setting' };
  // Only ask the Python extension when it is installed: asking would otherwise throw.
  if (vscode.extensions.getExtension(PVSC_EXTENSION_ID)) {
    try {
      const { environments } = await PythonExtension.api();
      const resolved = await environments.resolveEnvironment(environments.getActiveEnvironmentPath());
      const executable = resolved?.executable.uri?.fsPath;
      const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
      if (executable && (await insideWorkspace(executable, folders)))
        return { path: '', source: 'path', passedOver: executable };
      if (executable) return { path: executable, source: 'python-extension' };
    } catch {
      // The Python extension failed to start or to resolve its environment: PATH still works.
    }
  }
  return { path: '', source: 'path' };
}
