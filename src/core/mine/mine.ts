/**
 * The mining loop (Troopers' Algorithm 1 with CodeAnubad's rounds): each round asks K answers for
 * every task that has no winner yet, runs each against the task's tests in the sandbox and checks
 * its language. Requests stay in flight across tasks (up to the concurrency), and a task's samples
 * of a round are handed over together once all are scored, so whoever writes them writes whole
 * tasks. Samples already recorded are not asked again: a task half done is finished with the next
 * seeds, a task with a winner is not re-asked.
 */
import { programFor } from '../eval/programs';
import type { Task } from '../eval/formats';
import { askWhileBusy, ConcurrencyLimit, inFlight } from '../inFlight';
import type { AnswerLanguageSetting } from '../languages';
import { complete, keepCutOff, serverBusy, type ModelProvider } from '../model/types';
import { extractCodeBlock } from '../sandbox/extract';
import type { Sandbox } from '../sandbox/types';
import { checkAnswer } from '../tutor/check';
import { questionMessages, taskQuestion } from '../tutor/prompt';
import type { MinedSample } from './select';

export interface MiningSettings {
  /** Samples per task per round. */
  readonly k: number;
  readonly rounds: number;
  /** Sample i of round r uses seed + (r − 1)·K + i. */
  readonly seed: number;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly lang: AnswerLanguageSetting;
  readonly showTests: boolean;
  /** Requests in flight across tasks. */
  readonly concurrency: number;
  readonly timeoutMs: number;
}

export interface MiningHooks {
  /** A task's new samples of one round, all scored. */
  readonly onTaskDone: (samples: readonly MinedSample[]) => void;
  readonly onRound?: (round: number, tasks: number) => void;
  readonly onTokens?: (tokens: number) => void;
  /** The server said it is busy: the run waits `waitMs`, then asks with at most `limit` requests. */
  readonly onBusy?: (status: number, limit: number, waitMs: number) => void;
}

async function scoreSample(
  task: Task,
  text: string,
  position: { round: number; sample: number },
  sandbox: Sandbox,
  settings: MiningSettings,
  language: 'my' | 'bn',
): Promise<MinedSample> {
  // The hardened tests when `akkhara harden` gave the task some: brittle winners are not kept.
  const run = await sandbox.run({
    ...programFor(task, text, { plus: true }),
    limits: { timeoutMs: settings.timeoutMs },
  });
  const check = checkAnswer(text, language, 'en');
  return {
    taskId: task.taskId,
    ...position,
    completion: text,
    passed: run.passed,
    status: run.status,
    ...(run.error !== undefined && { error: run.error }),
    testsPassed: run.tests.filter((test) => test.status === 'passed').length,
    testsTotal: run.tests.length,
    problems: check.problems,
    mixScore: check.mixScore,
    codeChars: extractCodeBlock(text).code.length,
  };
}

/**
 * How many tasks the rounds would still ask for answers, given the samples recorded: a task asks
 * in each round until it has a winner from an earlier round, K answers per round.
 */
export function tasksLeft(
  tasks: readonly Task[],
  samples: ReadonlyMap<string, readonly MinedSample[]>,
  settings: Pick<MiningSettings, 'rounds' | 'k'>,
): number {
  return tasks.filter((task) => {
    const mined = samples.get(task.taskId) ?? [];
    for (let round = 1; round <= settings.rounds; round++) {
      if (mined.some((sample) => sample.passed && sample.round < round)) return false;
      if (mined.filter((sample) => sample.round === round).length < settings.k) return true;
    }
    return false;
  }).length;
}

/**
 * Mines `tasks` (each with tests) into `samples` (what was recorded before, by task; new samples
 * are added to it). Returns when every round is done or `signal` is aborted; a model's failure is
 * thrown after the tasks in flight end.
 */
export async function mineTasks(
  tasks: readonly Task[],
  samples: Map<string, MinedSample[]>,
  provider: ModelProvider,
  sandbox: Sandbox,
  settings: MiningSettings,
  signal: AbortSignal,
  hooks: MiningHooks,
): Promise<void> {
  // Lowered while the server says it is busy (429, 503), grown back as it answers.
  const limit = new ConcurrencyLimit(settings.concurrency);
  const inRound = (task: Task, round: number) =>
    (samples.get(task.taskId) ?? []).filter((sample) => sample.round === round).length;
  for (let round = 1; round <= settings.rounds && !signal.aborted; round++) {
    const unsolved = tasks.filter(
      (task) => !(samples.get(task.taskId) ?? []).some((sample) => sample.passed && sample.round < round),
    );
    const todo = unsolved.filter((task) => inRound(task, round) < settings.k);
    hooks.onRound?.(round, unsolved.length);
    const mineTask = async (task: Task) => {
      const have = inRound(task, round);
      const question = taskQuestion(task, settings.lang, { showTests: settings.showTests });
      const ask = () =>
        complete(
          provider,
          {
            messages: questionMessages(question),
            samples: settings.k - have,
            seed: settings.seed + (round - 1) * settings.k + have,
            ...(settings.temperature !== undefined && { temperature: settings.temperature }),
            ...(settings.maxTokens !== undefined && { maxTokens: settings.maxTokens }),
          },
          signal,
          (event) => {
            if (event.type === 'usage') hooks.onTokens?.(event.completionTokens);
          },
        ).catch((error: unknown) => keepCutOff(error, settings.k - have));
      const { texts } = await askWhileBusy(ask, {
        limit,
        busy: serverBusy,
        signal,
        ...(hooks.onBusy && { onBusy: hooks.onBusy }),
      });
      if (signal.aborted) return;
      const before = samples.get(task.taskId)?.length ?? 0;
      const fresh = await Promise.all(
        texts.map((text, i) =>
          scoreSample(task, text, { round, sample: before + i }, sandbox, settings, question.language),
        ),
      );
      // A run stopped part-way is not recorded: the same command asks the task again, whole.
      if (signal.aborted) return;
      samples.set(task.taskId, [...(samples.get(task.taskId) ?? []), ...fresh]);
      hooks.onTaskDone(fresh);
    };
    await inFlight(
      todo,
      limit,
      (task) => settings.k - inRound(task, round),
      () => signal.aborted,
      mineTask,
    );
  }
}
