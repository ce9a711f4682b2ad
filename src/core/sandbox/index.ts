/** Picks a sandbox: `auto` takes the strongest one that works on this machine. */
import { BwrapSandbox } from './bwrap';
import { ProcessSandbox } from './processSandbox';
import { findPython } from './python';
import type { Sandbox, SandboxSetting } from './types';

export class SandboxUnavailableError extends Error {}

export async function createSandbox(setting: SandboxSetting, pythonPath = ''): Promise<Sandbox> {
  const python = await findPython(pythonPath);
  if (setting === 'process') return new ProcessSandbox(python);
  const bwrap = process.platform === 'linux' ? await BwrapSandbox.create(python) : 'bubblewrap needs Linux';
  if (typeof bwrap !== 'string') return bwrap;
  if (setting === 'bwrap') throw new SandboxUnavailableError(bwrap);
  return new ProcessSandbox(python);
}

export * from './types';
