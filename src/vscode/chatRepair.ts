/**
 * "Fix with the test results" in the chat view: the tutor engine's repair loop, each round shown as
 * an answer of its own (streamed, checked, its tests run at once, with every action an answer has),
 * up to `akkhara.tutor.repairRounds` rounds; the last round says why it stopped. A verified repair
 * is kept as a preference pair against the failing answer. Part of the models bundle.
 */
import type * as vscode from 'vscode';
import type { JudgedAnswer } from '../core/feedback/record';
import { repairPair } from '../core/feedback/bestOfKPairs';
import { modelErrorMessage } from '../core/model/messages';
import type { RunResult } from '../core/sandbox/types';
import type { AnswerRunPlan } from '../core/tutor/answerRun';
import { candidate } from '../core/tutor/bestOfK';
import { checkAnswer, recordedCheck } from '../core/tutor/check';
import type { Conversation } from '../core/tutor/conversation';
import type { OpenedModel } from '../core/tutor/modelChoice';
import { repairAnswer } from '../core/tutor/repair';
import type { HostMessage } from '../protocol/webview';
import type { KeptAnswer } from './chatSession';
import { courseCheck } from './courseCheck';
import { getSetting, t, uiLanguage } from './config';
import { answerCode } from '../core/tutor/answerRun';
import { chooseModelAction } from './errorActions';

/** What the chat session lends the repair: its page, its answers and its test runs. */
export interface RepairHost {
  post(message: HostMessage): void;
  newId(): number;
  keep(id: number, answer: KeptAnswer): void;
  runTests(id: number, answer: KeptAnswer): Promise<RunResult | undefined>;
  savePair(pair: { chosen: JudgedAnswer; rejected: JudgedAnswer }): Promise<void>;
  /** A repair made the tests pass (the walkthrough's last step). */
  fixed(): void;
  readonly log: vscode.LogOutputChannel;
}

export interface RepairJob {
  /** The failing answer's id. */
  readonly id: number;
  readonly answer: KeptAnswer;
  readonly run: { readonly plan: AnswerRunPlan; readonly result: RunResult };
  readonly model: OpenedModel;
  readonly conversation: Conversation;
  readonly signal: AbortSignal;
}

export async function repairInChat(host: RepairHost, job: RepairJob): Promise<void> {
  const { answer, model } = job;
  const rounds = getSetting('akkhara.tutor.repairRounds');
  const label = model.host ? `${model.label} · ${model.host}` : model.label;
  let roundId = job.id;
  const course = await courseCheck();
  const repaired = await repairAnswer(
    model,
    job.conversation,
    answer.language,
    { text: answer.text, code: job.run.plan.request.solution, run: job.run.result },
    {
      rounds,
      uiLanguage: uiLanguage(),
      course,
      signal: job.signal,
      // A task's tests are shown to the model (it must know them); a student's are in the question already.
      ...(job.run.plan.testsFrom === 'task' && { tests: job.run.plan.request.tests }),
      onRoundStart: (round) => {
        roundId = host.newId();
        const question = `${t('chat.fix')} (${round}/${rounds})`;
        host.post({
          type: 'answerStart',
          payload: {
            id: roundId,
            question,
            language: answer.language,
            model: label,
            repair: { of: job.id, round },
          },
        });
      },
      onDelta: (_round, text) => host.post({ type: 'answerDelta', payload: { id: roundId, text } }),
      runAnswer: async (text) => {
        const check = checkAnswer(text, answer.language, uiLanguage(), course);
        // A new answer: the failing one's test results and import fix are not its own.
        const { lastRun: _run, importFix: _fix, tests: _tests, ...question } = answer;
        const kept: KeptAnswer = { ...question, text, languageCheck: recordedCheck(check) };
        host.keep(roundId, kept);
        host.post({
          type: 'answerEnd',
          payload: { id: roundId, finishReason: 'stop', hasCode: answerCode(text) !== undefined },
        });
        host.post({
          type: 'answerFindings',
          payload: { id: roundId, findings: [...check.findings], mixPenalty: check.mixPenalty },
        });
        const run = await host.runTests(roundId, kept);
        return run && kept.lastRun ? { code: kept.lastRun.plan.request.solution, run } : {};
      },
      onRound: (round) => {
        if (!round.error) return;
        host.log.error(`The model failed while repairing (${round.error.kind}): ${round.error.message}`);
        host.post({
          type: 'answerError',
          payload: {
            id: roundId,
            message: modelErrorMessage(uiLanguage(), round.error.kind, {
              where: model.where,
              model: model.label,
            }),
            actions: [chooseModelAction()],
          },
        });
      },
    },
  );
  host.post({ type: 'answerNote', payload: { id: roundId, note: t(`repair.${repaired.stop}`) } });
  const final = repaired.final;
  if (repaired.stop !== 'passed' || !final.run) return;
  host.fixed();
  const pair = repairPair(
    candidate(answer.text, answer.language, job.run.result),
    candidate(final.text, answer.language, final.run),
  );
  // Saved only where the student lets it, and said each time (the switch is named in the note).
  if (pair && getSetting('akkhara.feedback.savePairsFromFix')) {
    await host.savePair(pair);
    host.post({ type: 'answerNote', payload: { id: roundId, note: t('feedback.pairSaved') } });
  }
}
