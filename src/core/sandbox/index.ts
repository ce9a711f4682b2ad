/** Picks a sandbox: `auto` takes the strongest one that works on this machine. */
import { BwrapSandbox } from './bwrap';
import { ProcessSandbox } from './processSandbox';
import { findPython } from './python';
import type { SandboxSetting } from './types';
import type { WarmSandbox } from './warm';

export class SandboxUnavailableError extends Error {}

/** A sandbox that can run one program, or start warm servers for many. */
export type ColdSandbox = BwrapSandbox | ProcessSandbox;

export async function createSandbox(setting: SandboxSetting, pythonPath = ''): Promise<ColdSandbox> {
  const python = await findPython(pythonPath);
  if (setting === 'process') return new ProcessSandbox(python);
  const bwrap = process.platform === 'linux' ? await BwrapSandbox.create(python) : 'bubblewrap needs Linux';
  if (typeof bwrap !== 'string') return bwrap;
  if (setting === 'bwrap') throw new SandboxUnavailableError(bwrap);
  return new ProcessSandbox(python);
}

/** `count` warm servers of the chosen backend, for scoring many programs. Close them when done. */
export async function createWarmSandboxes(
  setting: SandboxSetting,
  count: number,
  pythonPath = '',
): Promise<WarmSandbox[]> {
  const sandbox = await createSandbox(setting, pythonPath);
  return Promise.all(Array.from({ length: count }, () => sandbox.warm()));
}

export type { WarmSandbox };
export * from './types';
