/**
 * `akkhara ask "PROMPT" (--model GGUF | --endpoint URL --model NAME)`: asks a local model or an
 * OpenAI-compatible server a question in Burmese or Bangla, streams the answer to stdout, then
 * checks its language (and, with --tests, runs its code in the sandbox). With --samples K, asks K
 * times and shows the best answer.
 * Exit code 0; 1 when tests were given and no answer passes them; 2 on a usage or model error;
 * 130 when stopped with Ctrl+C (what arrived is kept).
 */
import * as path from 'node:path';
import { terminalSafe, terminalSafeStream } from '../core/terminalText';
import { askWhileBusy, ConcurrencyLimit } from '../core/inFlight';
import { Command, Option } from 'commander';
import { analyzeText } from '../core/analysis/findings';
import { toDiagnostics } from '../core/analysis/diagnostics';
import { bestOfKPairs, repairPair } from '../core/feedback/bestOfKPairs';
import type { JudgedAnswer } from '../core/feedback/record';
import { FeedbackStore } from '../core/feedback/store';
import type { AnswerLanguageSetting } from '../core/languages';
import {
  candidate,
  candidatePassAtK,
  chooseBest,
  scoreCandidates,
  type Candidate,
  type TestsToRun,
} from '../core/tutor/bestOfK';
import type { Conversation } from '../core/tutor/conversation';
import type { OpenedModel } from '../core/tutor/modelChoice';
import { repairAnswer, type RepairStop, type Repaired } from '../core/tutor/repair';
import { extractCode } from '../core/sandbox/extract';
import type { RunResult, Sandbox } from '../core/sandbox/types';
import type { UiLanguage } from '../core/languages';
import { busyWaitMessage, modelErrorMessage } from '../core/model/messages';
import {
  prepareQuestion,
  QuestionLanguageError,
  questionMessages,
  SYSTEM_PROMPTS,
  type PreparedQuestion,
  type QuestionNotice,
} from '../core/tutor/prompt';
import { complete, ModelError, serverBusy, type Completion } from '../core/model/types';
import { isolationNotes } from '../core/tutor/runMessages';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { cliUiLanguage, printLintReport } from './lint';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { defaultStorePath } from './feedback';
import { count, numberOption, UsageError } from './usage';
import { readInputFile } from './inputFile';
import { testsProblem } from '../core/tutor/answerRun';

interface AskOptions extends ModelOptions {
  lang: AnswerLanguageSetting;
  samples: string;
  /** A store path, or true for the default store. */
  feedback?: string | boolean;
  temperature?: string;
  maxTokens?: string;
  seed?: string;
  tests?: string;
  entryPoint?: string;
  repair?: string;
  sandbox: SandboxSetting;
  python?: string;
  json?: boolean;
}

const NOTICES: Record<QuestionNotice, string> = {
  'zawgyi-converted': 'the question was in Zawgyi; it was converted to Unicode before sending',
  normalized: 'the question was normalized to Unicode NFC before sending',
};

async function readQuestion(prompt: string): Promise<string> {
  if (prompt !== '-') return prompt;
  const parts: Buffer[] = [];
  for await (const part of process.stdin) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function printCandidates(candidates: readonly Candidate[], chosen: number): void {
  if (candidates.length < 2 && !candidates[0]?.run) return;
  process.stdout.write('\n');
  for (const [index, candidate] of candidates.entries()) {
    const tests = candidate.run
      ? `${candidate.run.status} (${candidate.run.tests.filter((t) => t.status === 'passed').length}/${candidate.run.tests.length} tests)`
      : 'no tests';
    process.stdout.write(
      `${index === chosen ? '→' : ' '} sample ${index + 1}: ${tests}, mix score ${candidate.mixScore.toFixed(2)} (penalty ${candidate.mixPenalty}/4)\n`,
    );
  }
  const passAt = candidatePassAtK(candidates);
  if (passAt)
    process.stdout.write(
      `  ${Object.entries(passAt)
        .map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`)
        .join(', ')}\n`,
    );
}

async function runAsk(prompt: string, options: AskOptions): Promise<number> {
  const samples = numberOption(options.samples, '--samples', 1, 64, true)!;
  const repairRounds = numberOption(options.repair, '--repair', 0, 10, true) ?? 0;
  if (repairRounds > 0 && options.tests === undefined)
    throw new UsageError('--repair needs --tests: the failing tests are what the model repairs against');
  const tests = options.tests === undefined ? undefined : await readInputFile(options.tests, '--tests');
  const uiLanguage = cliUiLanguage();
  const question = prepareQuestion(await readQuestion(prompt), options.lang);
  for (const notice of question.notices) process.stderr.write(`akkhara ask: ${NOTICES[notice]}\n`);

  // The sandbox first: a machine that cannot run the tests should say so before the model's time is spent.
  const sandboxes =
    tests === undefined
      ? []
      : await createWarmSandboxes(options.sandbox, Math.min(samples, 2), options.python);
  const closeSandboxes = () => sandboxes.forEach((sandbox) => sandbox.close());
  // Tests that cannot test anything are said now, with why, not after the model's answer.
  const problem = tests === undefined ? undefined : await testsProblem(sandboxes[0], tests);
  if (problem) {
    closeSandboxes();
    throw new UsageError(`--tests ${options.tests}: ${problem}`);
  }
  const opened = await createProvider(options, question.language).catch((error: unknown) => {
    closeSandboxes();
    throw error;
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    return await askAndCheck(
      question,
      options,
      { samples, repairRounds, tests, uiLanguage },
      opened,
      sandboxes,
      controller.signal,
    );
  } finally {
    process.removeListener('SIGINT', stop);
    opened.dispose();
    closeSandboxes();
  }
}

interface AskPlan {
  readonly samples: number;
  readonly repairRounds: number;
  readonly tests?: string;
  readonly uiLanguage: UiLanguage;
}

function sampling(options: AskOptions) {
  return {
    ...(options.temperature !== undefined && {
      temperature: numberOption(options.temperature, '--temperature', 0, 2),
    }),
    ...(options.maxTokens !== undefined && {
      maxTokens: numberOption(options.maxTokens, '--max-tokens', 1, 1_000_000, true),
    }),
    ...(options.seed !== undefined && { seed: numberOption(options.seed, '--seed', 0, 2 ** 31, true) }),
  };
}

async function askAndCheck(
  question: PreparedQuestion,
  options: AskOptions,
  plan: AskPlan,
  opened: OpenedModel,
  sandboxes: readonly Sandbox[],
  signal: AbortSignal,
): Promise<number> {
  const { provider, where, label: model } = opened;
  const { samples, tests, uiLanguage } = plan;
  const streamToStdout = samples === 1 && !options.json;
  const shown = terminalSafeStream();
  let completion: Completion;
  try {
    const ask = () =>
      complete(
        provider,
        { messages: questionMessages(question), samples, ...sampling(options) },
        signal,
        (event) => {
          if (streamToStdout && event.type === 'delta') process.stdout.write(shown.write(event.text));
        },
      );
    // A busy server is asked again, within the answer's deadline, saying so; Ctrl+C ends the wait.
    completion = await askWhileBusy(ask, {
      limit: new ConcurrencyLimit(1),
      busy: serverBusy,
      signal,
      attempts: 4,
      deadline: Date.now() + Number(options.answerTimeout) * 1000,
      onBusy: (status, _limit, waitMs) =>
        process.stderr.write(`akkhara ask: ${busyWaitMessage(uiLanguage, status, waitMs)}\n`),
    });
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    if (streamToStdout && error.partial) process.stdout.write(`${shown.end()}\n`);
    // --json: what arrived is kept there too, with the failure, so a script loses nothing.
    if (options.json && error.received.some((text) => text))
      process.stdout.write(
        `${JSON.stringify(
          {
            language: question.language,
            model: provider.id,
            answer: error.received[0] ?? '',
            samples: error.received.map((text) => ({
              text,
              finishReason: error.kind === 'timeout' ? 'timeout' : 'other',
            })),
            error: { kind: error.kind, message: error.message },
          },
          null,
          2,
        )}\n`,
      );
    process.stderr.write(
      `akkhara ask: ${modelErrorMessage(uiLanguage, error.kind, { where, model })}\n  (${error.message})\n`,
    );
    return 2;
  }
  if (streamToStdout) process.stdout.write(shown.end() + (completion.texts[0].endsWith('\n') ? '' : '\n'));
  if (signal.aborted) {
    process.stderr.write('akkhara ask: stopped; the answer above is incomplete\n');
    return 130;
  }

  const testsToRun =
    tests === undefined
      ? undefined
      : {
          tests,
          ...(options.entryPoint && { entryPoint: options.entryPoint }),
          timeoutMs: 10_000,
          sandboxes,
        };
  const candidates = await scoreCandidates(completion.texts, question.language, testsToRun);
  const store =
    options.feedback === undefined
      ? undefined
      : options.feedback === true
        ? defaultStorePath()
        : String(options.feedback);
  const settings = {
    source: options.endpoint ? 'remote' : 'local',
    samples,
    ...(options.temperature !== undefined && { temperature: Number(options.temperature) }),
    ...(options.seed !== undefined && { seed: Number(options.seed) }),
  };
  if (store !== undefined && tests !== undefined)
    await savePairs(store, question, model, bestOfKPairs(candidates), 'best-of-k', settings);
  const chosen = chooseBest(candidates);
  let answer = completion.texts[chosen];
  let finishReason = completion.finishReasons[chosen];
  if (!options.json) {
    if (!streamToStdout) process.stdout.write(`${terminalSafe(answer)}${answer.endsWith('\n') ? '' : '\n'}`);
    if (finishReason === 'length')
      process.stderr.write(
        'akkhara ask: the answer hit the token limit (--max-tokens) and may be cut short\n',
      );
    printCandidates(candidates, chosen);
  }

  let repaired: Repaired | undefined;
  if (testsToRun && plan.repairRounds > 0 && !candidates[chosen].run?.passed) {
    repaired = await repairInCli(question, candidates[chosen], opened, testsToRun, plan, options, signal);
    const last = repaired.rounds.at(-1);
    if (last?.answer && repaired.final === last) {
      answer = last.text;
      finishReason = last.answer.finishReason;
    }
    if (store !== undefined) {
      const pair = repairPair(
        candidates[chosen],
        candidate(repaired.final.text, question.language, repaired.final.run),
      );
      await savePairs(store, question, model, pair ? [pair] : [], 'repair', {
        ...settings,
        repairRounds: plan.repairRounds,
      });
    }
  }
  const finalRun = repaired?.final.run ?? candidates[chosen].run;
  const noPass =
    tests !== undefined && !(repaired ? finalRun?.passed : candidates.some((c) => c.run?.passed));
  const analysis = analyzeText(answer, { kind: 'markdown', target: question.language });
  const diagnostics = toDiagnostics(answer, analysis, uiLanguage);

  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          language: question.language,
          notices: question.notices,
          model: provider.id,
          chosen,
          answer,
          samples: candidates.map((candidate, index) => ({
            ...candidate,
            finishReason: completion.finishReasons[index],
          })),
          ...(candidatePassAtK(candidates) && { passAtK: candidatePassAtK(candidates) }),
          ...(repaired && { repair: repairJson(repaired) }),
          usage: completion.usage ?? null,
          diagnostics,
          stats: analysis.stats,
        },
        null,
        2,
      )}\n`,
    );
    return noPass ? 1 : 0;
  }
  if (finalRun)
    for (const note of isolationNotes(finalRun, uiLanguage)) process.stderr.write(`akkhara ask: ${note}\n`);
  printLintReport(
    [{ file: 'answer', diagnostics, stats: { ...analysis.stats, target: question.language } }],
    true,
    uiLanguage,
  );
  return signal.aborted ? 130 : noPass ? 1 : 0;
}

const STOPS: Record<RepairStop, string> = {
  passed: 'the repaired answer passes every test',
  'same-code': 'the model gave the same code again; stopped',
  'rounds-used': 'the rounds (--repair) are used up and the tests still fail',
  'not-the-code': 'the sandbox failed, not the code; nothing to repair',
  'no-code': 'the model gave no Python code; stopped, earlier rounds kept',
  'model-failed': 'the model failed; stopped, earlier rounds kept',
  stopped: 'stopped; earlier rounds kept',
};

const testCount = (run?: RunResult) =>
  run
    ? `${run.status} (${run.tests.filter((t) => t.status === 'passed').length}/${run.tests.length} tests)`
    : 'no code';

/** Repair rounds on a terminal: each round's answer streamed (stdout), its verdict (stderr). */
async function repairInCli(
  question: PreparedQuestion,
  first: Candidate,
  opened: OpenedModel,
  testsToRun: TestsToRun,
  plan: AskPlan,
  options: AskOptions,
  signal: AbortSignal,
): Promise<Repaired> {
  const conversation: Conversation = {
    language: question.language,
    turns: [{ question: question.text, attachments: [], answer: first.text }],
  };
  const sandbox = testsToRun.sandboxes[0];
  const show = !options.json;
  const { seed: _seed, ...rest } = sampling(options);
  const repaired = await repairAnswer(
    opened,
    conversation,
    question.language,
    { text: first.text, code: extractCode(first.text), ...(first.run && { run: first.run }) },
    {
      ...rest,
      rounds: plan.repairRounds,
      uiLanguage: plan.uiLanguage,
      signal,
      runAnswer: async (text) => {
        const code = extractCode(text);
        if (!code.trim()) return {};
        const run = await sandbox.run({
          solution: code,
          tests: testsToRun.tests,
          ...(testsToRun.entryPoint && { entryPoint: testsToRun.entryPoint }),
          limits: { timeoutMs: testsToRun.timeoutMs },
        });
        return { code, run };
      },
      onRoundStart: (round) => {
        process.stderr.write(
          `akkhara ask: repair round ${round} of ${plan.repairRounds}: asking again with the failing tests\n`,
        );
      },
      onDelta: (_round, text) => {
        if (show) process.stdout.write(terminalSafe(text));
      },
      onRound: (round) => {
        if (show && round.text && !round.text.endsWith('\n')) process.stdout.write('\n');
        const why = round.error
          ? `: ${modelErrorMessage(plan.uiLanguage, round.error.kind, { where: opened.where, model: opened.label })}`
          : '';
        process.stderr.write(
          `akkhara ask: round ${round.round}: ${round.error ? 'no answer' : testCount(round.run)}${why}\n`,
        );
      },
    },
  );
  process.stderr.write(`akkhara ask: repair: ${STOPS[repaired.stop]}\n`);
  return repaired;
}

function repairJson(repaired: Repaired) {
  return {
    stop: repaired.stop,
    rounds: repaired.rounds.map((round) => ({
      round: round.round,
      answer: round.text,
      ...(round.run && { status: round.run.status, passed: round.run.passed, tests: round.run.tests }),
      ...(round.error && { error: round.error.kind }),
    })),
  };
}

/** Automatic preference pairs (best-of-K's, repair's) into the feedback store; says how many on stderr. */
async function savePairs(
  store: string,
  question: PreparedQuestion,
  model: string,
  pairs: readonly { chosen: JudgedAnswer; rejected: JudgedAnswer }[],
  source: 'best-of-k' | 'repair',
  settings: Readonly<Record<string, string | number | boolean>>,
): Promise<void> {
  const feedback = new FeedbackStore(store);
  for (const { chosen, rejected } of pairs)
    await feedback.append({
      kind: 'pair',
      source,
      model: path.basename(model),
      language: question.language,
      prompt: question.text,
      system: SYSTEM_PROMPTS[question.language],
      settings,
      chosen,
      rejected,
    });
  process.stderr.write(
    `akkhara ask: ${count(pairs.length, source === 'repair' ? 'repair preference pair' : 'preference pair')} saved to ${store}\n`,
  );
}

export function registerAsk(program: Command): void {
  const command = program
    .command('ask')
    .description(
      'ask a model a programming question in Burmese or Bangla; the answer streams, then is checked',
    )
    .argument('<prompt>', 'the question, or - to read it from standard input')
    .addOption(
      new Option('--lang <language>', 'answer language (auto: the question’s script)')
        .choices(['my', 'bn', 'auto'])
        .default('auto'),
    )
    .option('--samples <k>', 'ask K times and show the best answer', '1')
    .option('--tests <file>', 'run each answer’s code against these tests in the sandbox')
    .option('--entry-point <name>', 'function passed to check(candidate) in the tests')
    .option(
      '--repair <rounds>',
      'with --tests: when the answer fails, ask again with the failing tests, up to this many rounds',
      '0',
    )
    .option('--temperature <t>', 'sampling temperature, 0 to 2')
    .option('--max-tokens <n>', 'longest answer, in tokens')
    .option('--seed <n>', 'sampling seed (sample i uses seed + i)')
    .addOption(sandboxOption())
    .addOption(pythonOption())
    .option(
      '--feedback [store]',
      'with --samples and --tests: save pairs (a passing, clean answer against each failing or mixed one) to a feedback store',
    )
    .option('--json', 'print everything as JSON');
  addModelOptions(command).action(async (prompt: string, options: AskOptions) => {
    try {
      process.exitCode = await runAsk(prompt, options);
    } catch (error) {
      const hint = error instanceof QuestionLanguageError ? ' (--lang my or --lang bn)' : '';
      process.stderr.write(`akkhara ask: ${(error as Error).message}${hint}\n`);
      process.exitCode = 2;
    }
  });
}
