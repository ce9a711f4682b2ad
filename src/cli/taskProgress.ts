/** What the long model runs (generate, mine) show on a terminal, and say when the model fails. */
import { Presets, SingleBar } from 'cli-progress';
import { modelErrorMessage } from '../core/model/messages';
import type { ModelError } from '../core/model/types';
import { cliUiLanguage } from './lint';

/**
 * A progress bar of tasks (or other units) with tokens/s and the time left; nothing when stderr is
 * not a terminal.
 */
export function taskProgress(
  label: string,
  unit = 'tasks',
): {
  readonly bar: SingleBar | undefined;
  addTokens(tokens: number): void;
  tasksWritten(tasks: number): void;
} {
  const bar = process.stderr.isTTY
    ? new SingleBar(
        {
          format:
            unit === 'tasks'
              ? `${label} [{bar}] {value}/{total} tasks · {speed} tokens/s · {eta_formatted} left`
              : `${label} [{bar}] {value}/{total} ${unit} · {eta_formatted} left`,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  const started = performance.now();
  let tokens = 0;
  return {
    bar,
    addTokens: (n) => (tokens += n),
    tasksWritten: (tasks) => {
      const speed = Math.round(tokens / ((performance.now() - started) / 1000));
      for (let i = 0; i < tasks; i++) bar?.increment({ speed });
    },
  };
}

/** The model failed part-way: why, in the UI language, and that the same command goes on. */
export function modelStoppedMessage(
  command: string,
  error: ModelError,
  model: { where: string; label: string },
): string {
  return (
    `akkhara ${command}: ${modelErrorMessage(cliUiLanguage(), error.kind, { where: model.where, model: model.label })}\n  (${error.message})\n` +
    `akkhara ${command}: finished tasks are saved; run the same command to go on\n`
  );
}

/** The server said it is busy: the run waits and asks with fewer requests at once. */
export function busyLine(command: string, status: number, limit: number, waitMs: number): string {
  return `akkhara ${command}: the server is busy (HTTP ${status}); asking again in ${(waitMs / 1000).toFixed(1)} s with at most ${limit} ${limit === 1 ? 'request' : 'requests'} at once\n`;
}
