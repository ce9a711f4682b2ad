/**
 * The training files a mining run leaves: supervised examples (the kept winners, each with the
 * explanation in the task's language it came with) and preference pairs, built from every sample
 * recorded so far — so they are rebuilt whole at the end of each run, resumed or not.
 */
import type { Task } from '../eval/formats';
import { pairRow, sftRow, type PairFormat, type TrainingPrompt } from '../feedback/export';
import type { AnswerLanguageSetting } from '../languages';
import { questionMessages, taskQuestion } from '../tutor/prompt';
import { selectForTraining, type JudgeScore, type MinedSample } from './select';

/** The task as the model was asked it. */
function trainingPrompt(task: Task, lang: AnswerLanguageSetting, showTests: boolean): TrainingPrompt {
  const [system, user] = questionMessages(taskQuestion(task, lang, { showTests }));
  return { prompt: user.content, system: system.content };
}

export function trainingRows(
  tasks: readonly Task[],
  samples: ReadonlyMap<string, readonly MinedSample[]>,
  options: {
    perTask: number;
    lang: AnswerLanguageSetting;
    showTests: boolean;
    pairFormat: PairFormat;
    judged?: JudgeScore;
  },
): { sft: object[]; dpo: object[] } {
  const sft: object[] = [];
  const dpo: object[] = [];
  for (const task of tasks) {
    const mined = samples.get(task.taskId);
    if (!mined?.length) continue;
    const { chosen, pairs } = selectForTraining(mined, options.perTask, options.judged);
    if (chosen.length === 0) continue;
    const prompt = trainingPrompt(task, options.lang, options.showTests);
    for (const winner of chosen) sft.push(sftRow(prompt, { text: winner.completion }));
    for (const pair of pairs)
      dpo.push(
        pairRow(options.pairFormat, {
          ...prompt,
          chosen: { text: pair.chosen.completion },
          rejected: { text: pair.rejected.completion },
        }),
      );
  }
  return { sft, dpo };
}
