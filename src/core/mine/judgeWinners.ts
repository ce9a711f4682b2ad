/**
 * `mine --judge`: where a task has more clean winners than are kept, a judge's rubric chooses among
 * them (the tests and the language check cannot tell them apart). Only those winners are judged,
 * each once: scores already known (a rerun) are not asked again.
 */
import type { Task } from '../eval/formats';
import { inFlight } from '../inFlight';
import { judgeAnswer, type Judgement } from '../judge/judge';
import { BURMESE_CODER } from '../judge/rubric';
import type { AnswerLanguageSetting } from '../languages';
import type { ModelProvider } from '../model/types';
import { taskQuestion } from '../tutor/prompt';
import { cleanWinners, type MinedSample } from './select';

export const sampleKey = (sample: Pick<MinedSample, 'taskId' | 'sample'>): string =>
  `${sample.taskId}#${sample.sample}`;

export async function judgeWinners(
  tasks: readonly Task[],
  samples: ReadonlyMap<string, readonly MinedSample[]>,
  options: {
    readonly perTask: number;
    readonly lang: AnswerLanguageSetting;
    readonly judge: ModelProvider;
    /** Scores known before (by sampleKey): not asked again. */
    readonly known: ReadonlyMap<string, unknown>;
    readonly concurrency: number;
    readonly signal: AbortSignal;
    readonly onJudged: (sample: MinedSample, judgement: Judgement) => Promise<void>;
  },
): Promise<void> {
  const todo: { task: Task; sample: MinedSample }[] = [];
  for (const task of tasks) {
    const winners = cleanWinners(samples.get(task.taskId) ?? []);
    if (winners.length <= options.perTask) continue;
    for (const sample of winners) if (!options.known.has(sampleKey(sample))) todo.push({ task, sample });
  }
  await inFlight(
    todo,
    options.concurrency,
    () => 1,
    () => options.signal.aborted,
    async ({ task, sample }) => {
      const question = taskQuestion(task, options.lang);
      const judgement = await judgeAnswer(
        options.judge,
        BURMESE_CODER,
        question.text,
        sample.completion,
        question.language,
        3,
        options.signal,
      );
      if (!options.signal.aborted) await options.onJudged(sample, judgement);
    },
  );
}
