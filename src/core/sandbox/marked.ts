/**
 * Processes found by a mark in their environment, for a backend whose server cannot find its
 * programs' daemons itself. On macOS there is no subreaper: a daemon that left its session is
 * adopted by launchd, out of the harness's reach. Every process a server starts inherits its
 * environment, so the host looks for the server's mark among the user's processes after each run
 * and ends them. A program that clears its environment before it daemonizes escapes this (README).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

export const MARK_VARIABLE = 'AKKHARA_SANDBOX_MARK';

/** The user's processes whose environment holds `MARK_VARIABLE=mark`, except `except`. */
export async function markedProcesses(mark: string, except: readonly number[] = []): Promise<number[]> {
  const needle = `${MARK_VARIABLE}=${mark}`;
  const found: number[] = [];
  if (process.platform === 'linux') {
    for (const name of await readdir('/proc').catch(() => [])) {
      if (!/^\d+$/.test(name)) continue;
      const environ = await readFile(`/proc/${name}/environ`, 'latin1').catch(() => '');
      if (environ.split('\0').includes(needle)) found.push(Number(name));
    }
  } else if (process.platform === 'darwin') {
    // ps -E adds each process's environment after its command (for the user's own processes).
    const { stdout } = await promisify(execFile)('/bin/ps', ['-A', '-ww', '-E', '-o', 'pid=,command='], {
      timeout: 5_000,
      maxBuffer: 64 * 1024 * 1024,
    }).catch(() => ({ stdout: '' }));
    for (const line of stdout.split('\n'))
      if (line.split(/\s+/).includes(needle)) found.push(Number(line.trim().split(/\s+/)[0]));
  }
  return found.filter((pid) => pid !== process.pid && !except.includes(pid));
}

/** Ends the marked processes; how many are still there after a moment. */
export async function endMarked(mark: string, except: readonly number[] = []): Promise<number> {
  for (let round = 0; round < 20; round++) {
    const left = await markedProcesses(mark, except);
    if (left.length === 0) return 0;
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return (await markedProcesses(mark, except)).length;
}
