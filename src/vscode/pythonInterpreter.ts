/**
 * Which Python runs tests: `akkhara.python.path` when set, else the interpreter chosen in the Python
 * extension (ms-python.python) for the workspace — the one a student already picked with "Python:
 * Select Interpreter", packages included — else python3 on PATH. Part of the testing bundle.
 */
import { PVSC_EXTENSION_ID, PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';
import { getSetting } from './config';

export interface ChosenPython {
  /** '' lets the sandbox look for python3 on PATH. */
  readonly path: string;
  readonly source: 'setting' | 'python-extension' | 'path';
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
      if (executable) return { path: executable, source: 'python-extension' };
    } catch {
      // The Python extension failed to start or to resolve its environment: PATH still works.
    }
  }
  return { path: '', source: 'path' };
}
