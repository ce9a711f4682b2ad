/**
 * `akkhara chat`: the tutor on a terminal, for students on a terminal or another editor. One
 * conversation: each question sees the earlier turns that fit the model's context; answers stream;
 * Ctrl+C stops an answer (what arrived is kept), Ctrl+D leaves. `/run` runs the last answer's tests
 * in the sandbox, `/fix` repairs it with the failures, `/new` starts a new conversation. Questions
 * piped on standard input work too, one per line.
 */
import { terminalSafe } from '../core/terminalText';
import { createInterface, type Interface } from 'node:readline';
import { Command, Option } from 'commander';
import type { AnswerLanguageSetting, UiLanguage } from '../core/languages';
import { busyWaitMessage, modelErrorMessage } from '../core/model/messages';
import { ModelError } from '../core/model/types';
import { createWarmSandboxes, type SandboxSetting } from '../core/sandbox';
import { extractCode } from '../core/sandbox/extract';
import type { RunResult, Sandbox } from '../core/sandbox/types';
import { answerCode, planAnswerRun, type TestsSource } from '../core/tutor/answerRun';
import { askQuestion, prepareInConversation } from '../core/tutor/ask';
import { newConversation, QuestionTooLongError, type Conversation } from '../core/tutor/conversation';
import type { OpenedModel } from '../core/tutor/modelChoice';
import { QuestionLanguageError } from '../core/tutor/prompt';
import { repairAnswer } from '../core/tutor/repair';
import { describeRun } from '../core/tutor/runMessages';
import { cliUiLanguage } from './lint';
import { CHAT_STRINGS } from './chatStrings';
import { addModelOptions, createProvider, type ModelOptions } from './modelOptions';
import { pythonOption, sandboxOption } from './sandboxOptions';
import { numberOption } from './usage';
import { readInputFile } from './inputFile';
import { continuesMessage, echoed } from './chatInput';

interface ChatOptions extends ModelOptions {
  lang: AnswerLanguageSetting;
  tests?: string;
  repair: string;
  maxTokens?: string;
  temperature?: string;
  sandbox: SandboxSetting;
  python?: string;
}

/** The last answer and what its tests gave, for /run and /fix. */
interface Last {
  question: string;
  answer: string;
  run?: RunResult;
  testsFrom?: TestsSource;
  tests?: string;
}

class TerminalChat {
  private conversation: Conversation = newConversation();
  private model?: OpenedModel;
  private sandbox?: Promise<Sandbox & { close(): void }>;
  private last?: Last;
  /** Set while an answer streams or tests run: Ctrl+C stops that, not the chat. */
  private busy?: AbortController;
  private readonly ui: UiLanguage = cliUiLanguage();
  private readonly says = CHAT_STRINGS[this.ui];

  constructor(
    private readonly options: ChatOptions,
    private readonly fixedTests: string | undefined,
    private readonly out: NodeJS.WritableStream,
  ) {}

  /** Ctrl+C: stops what runs; at the prompt, says how to leave. */
  interrupt(): boolean {
    if (!this.busy) return false;
    this.busy.abort();
    return true;
  }

  /** Everything the chat prints passes here: a model's or a program's control characters are shown, not obeyed. */
  private write(text: string): void {
    this.out.write(terminalSafe(text));
  }

  /** A question or a failure the student saw; piped input then ends with exit code 2. */
  failed = false;

  async handle(line: string): Promise<'exit' | void> {
    const input = line.trim();
    if (!input) return;
    // A command is one line; a question may be several (the asserts under it).
    try {
      if (input.startsWith('/')) return await this.command(input.split(/\s+/)[0]);
      await this.ask(input);
    } catch (error) {
      // A sandbox that cannot start, a model that cannot load: said, and the chat goes on.
      this.failed = true;
      this.write(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  private async command(name: string): Promise<'exit' | void> {
    switch (name) {
      case '/exit':
      case '/quit':
        return 'exit';
      case '/new':
        this.conversation = newConversation();
        this.last = undefined;
        return this.write(`${this.says.newConversation}\n`);
      case '/run':
        return this.runTests();
      case '/fix':
        return this.fix();
      case '/help':
        return this.write(`${this.says.help}\n`);
      default:
        return this.write(`${this.says.unknownCommand(name)}\n`);
    }
  }

  private async openModel(language: 'my' | 'bn'): Promise<OpenedModel> {
    // Opened on the first question, in its language (a catalog model is chosen by it), then kept.
    this.model ??= await createProvider(this.options, language);
    return this.model;
  }

  private async ask(text: string): Promise<void> {
    let question;
    try {
      question = prepareInConversation(text, this.options.lang, this.conversation);
    } catch (error) {
      if (!(error instanceof QuestionLanguageError)) throw error;
      return this.write(`${error.message} ${this.says.langHint}\n`);
    }
    const model = await this.openModel(question.language);
    const controller = new AbortController();
    this.busy = controller;
    try {
      const answer = await askQuestion(model, this.conversation, question, {
        uiLanguage: this.ui,
        signal: controller.signal,
        ...this.sampling(),
        onDelta: (delta) => this.write(delta),
        onBusy: (status, waitMs) => this.write(`(${busyWaitMessage(this.ui, status, waitMs)})\n`),
      });
      this.write(answer.text.endsWith('\n') ? '' : '\n');
      if (answer.dropped) this.write(`${this.says.dropped(answer.dropped)}\n`);
      if (controller.signal.aborted) this.write(`${this.says.stoppedKept}\n`);
      if (answer.finishReason === 'length') this.write(`${this.says.tokenLimit}\n`);
      if (answer.check.problems)
        this.write(
          `${this.says.languageCheck(answer.check.problems, answer.check.mixPenalty)}\n` +
            answer.check.findings.map((finding) => `  ${finding.message}\n`).join(''),
        );
      this.last = { question: question.text, answer: answer.text };
    } catch (error) {
      this.reportFailure(error, model);
    } finally {
      this.busy = undefined;
    }
  }

  private reportFailure(error: unknown, model: OpenedModel): void {
    this.failed = true;
    if (error instanceof QuestionTooLongError) return this.write(`${this.says.tooLong(error.message)}\n`);
    if (!(error instanceof ModelError)) throw error;
    if (error.received[0]) this.write('\n');
    this.write(`${modelErrorMessage(this.ui, error.kind, { where: model.where, model: model.label })}\n`);
  }

  private sampling() {
    const { temperature, maxTokens } = this.options;
    return {
      ...(temperature !== undefined && { temperature: numberOption(temperature, '--temperature', 0, 2)! }),
      ...(maxTokens !== undefined && {
        maxTokens: numberOption(maxTokens, '--max-tokens', 1, 1_000_000, true)!,
      }),
    };
  }

  private getSandbox() {
    this.sandbox ??= createWarmSandboxes(this.options.sandbox, 1, this.options.python).then(([s]) => s);
    return this.sandbox;
  }

  /** Runs `answer`'s code against the chat's tests (--tests) or the ones its question or it carries. */
  private async run(question: string, answer: string) {
    let solution: string | undefined;
    let tests: string;
    let testsFrom: TestsSource;
    let entryPoint: string | undefined;
    if (this.fixedTests !== undefined) {
      solution = answerCode(answer) ?? (extractCode(answer).trim() || undefined);
      [tests, testsFrom] = [this.fixedTests, 'task'];
    } else {
      const plan = planAnswerRun(question, answer);
      if (typeof plan === 'string') return plan;
      ({ solution, tests } = plan.request);
      entryPoint = plan.request.entryPoint;
      testsFrom = plan.testsFrom;
    }
    if (solution === undefined) return 'noCode' as const;
    const sandbox = await this.getSandbox();
    const run = await sandbox.run({ solution, tests, doctests: true, ...(entryPoint && { entryPoint }) });
    return { code: solution, run, testsFrom, tests };
  }

  private showRun(run: RunResult, testsFrom: TestsSource): void {
    const summary = describeRun(run, testsFrom, this.ui, 10_000);
    this.write(`${summary.passed ? '✔' : '✖'} ${summary.headline}\n`);
    for (const test of summary.tests)
      this.write(`  ${test.passed ? '✔' : '✖'} ${test.name}${test.detail ? ` — ${test.detail}` : ''}\n`);
    for (const note of summary.notes) this.write(`  (${note})\n`);
  }

  private async runTests(): Promise<void> {
    if (!this.last) return this.write(`${this.says.nothingToRun}\n`);
    const ran = await this.run(this.last.question, this.last.answer);
    if (typeof ran === 'string')
      return this.write(`${ran === 'noCode' ? this.says.noCode : this.says.noTests}\n`);
    Object.assign(this.last, { run: ran.run, testsFrom: ran.testsFrom, tests: ran.tests });
    this.showRun(ran.run, ran.testsFrom);
  }

  private async fix(): Promise<void> {
    const last = this.last;
    if (!last?.run) return this.write(`${this.says.runFirst}\n`);
    if (last.run.passed) return this.write(`${this.says.alreadyPass}\n`);
    const model = this.model!;
    const language = this.conversation.language!;
    const controller = new AbortController();
    this.busy = controller;
    try {
      const repaired = await repairAnswer(
        model,
        this.conversation,
        language,
        { text: last.answer, code: extractCode(last.answer), run: last.run },
        {
          rounds: numberOption(this.options.repair, '--repair', 1, 10, true)!,
          uiLanguage: this.ui,
          signal: controller.signal,
          ...this.sampling(),
          ...(last.testsFrom === 'task' && { tests: last.tests }),
          runAnswer: async (text) => {
            const ran = await this.run(last.question, text);
            return typeof ran === 'string' ? {} : { code: ran.code, run: ran.run };
          },
          onRoundStart: (round) => this.write(`${this.says.repairRound(round)}\n`),
          onDelta: (_round, text) => this.write(text),
          onRound: (round) => {
            if (round.text && !round.text.endsWith('\n')) this.write('\n');
            if (round.error) this.reportFailure(round.error, model);
            if (round.run) this.showRun(round.run, last.testsFrom ?? 'question');
          },
        },
      );
      this.write(`(${this.says.stops[repaired.stop]})\n`);
      const final = repaired.final;
      if (final !== undefined && final.run) Object.assign(last, { answer: final.text, run: final.run });
    } finally {
      this.busy = undefined;
    }
  }

  close(): void {
    this.model?.dispose();
    void this.sandbox?.then((sandbox) => sandbox.close()).catch(() => undefined);
  }
}

/** How long a terminal waits for the next line of a paste before the message is complete. */
const PASTE_MS = 40;

/**
 * The student's messages: lines grouped by `continuesMessage`, and on a terminal also the lines of a
 * paste (those that follow within PASTE_MS). A message is complete when the next line starts another,
 * at the end of input, or on a terminal when nothing more arrives.
 */
async function* messages(rl: Interface, terminal: boolean): AsyncGenerator<string> {
  const lines = rl[Symbol.asyncIterator]();
  let pending: string[] = [];
  let next: Promise<IteratorResult<string>> | undefined;
  for (;;) {
    next ??= lines.next();
    const result =
      terminal && pending.length
        ? await Promise.race([next, new Promise<undefined>((resolve) => setTimeout(resolve, PASTE_MS))])
        : await next;
    if (result === undefined) {
      // A terminal and nothing more within PASTE_MS: the message is complete; `next` is kept.
      yield pending.join('\n');
      pending = [];
      continue;
    }
    next = undefined;
    if (result.done) break;
    const line = result.value;
    if (
      continuesMessage(line, pending) ||
      (terminal && pending.length && !line.startsWith('/') && line.trim() !== '')
    ) {
      pending.push(line);
      continue;
    }
    if (pending.length) yield pending.join('\n');
    pending = line.trim() === '' ? [] : [line];
    if (line.startsWith('/')) {
      yield line;
      pending = [];
    }
  }
  if (pending.length) yield pending.join('\n');
}

async function runChat(options: ChatOptions): Promise<number> {
  numberOption(options.repair, '--repair', 1, 10, true);
  const tests = options.tests === undefined ? undefined : await readInputFile(options.tests, '--tests');
  const chat = new TerminalChat(options, tests, process.stdout);
  const terminal = process.stdin.isTTY === true;
  const rl: Interface = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal,
    prompt: '› ',
  });
  const onInterrupt = () => {
    if (!chat.interrupt()) {
      if (!terminal) return rl.close();
      process.stdout.write(`\n${CHAT_STRINGS[cliUiLanguage()].howToLeave}\n`);
      rl.prompt();
    }
  };
  rl.on('SIGINT', onInterrupt);
  process.on('SIGINT', onInterrupt);
  if (terminal) {
    process.stdout.write(`${CHAT_STRINGS[cliUiLanguage()].help}\n`);
    rl.prompt();
  }
  try {
    for await (const message of messages(rl, terminal)) {
      // Piped: the question before its answer, and a blank line after, so a transcript reads as one.
      if (!terminal && !message.startsWith('/')) process.stdout.write(terminalSafe(echoed(message)));
      if ((await chat.handle(message)) === 'exit') break;
      if (!terminal && !message.startsWith('/')) process.stdout.write('\n');
      if (terminal) rl.prompt();
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    rl.close();
    chat.close();
  }
  if (terminal) process.stdout.write('\n');
  return chat.failed ? 2 : 0;
}

export function registerChat(program: Command): void {
  const command = program
    .command('chat')
    .description('a conversation with the tutor on the terminal: follow-ups, /run the tests, /fix, /new')
    .addOption(
      new Option('--lang <language>', 'answer language (auto: the first question’s script)')
        .choices(['my', 'bn', 'auto'])
        .default('auto'),
    )
    .option(
      '--tests <file>',
      'the tests /run and /fix use (default: asserts in your question, or the answer’s own)',
    )
    .option('--repair <rounds>', 'how many rounds /fix may ask again', '2')
    .option('--temperature <t>', 'sampling temperature, 0 to 2')
    .option('--max-tokens <n>', 'longest answer, in tokens')
    .addOption(sandboxOption())
    .addOption(pythonOption());
  addModelOptions(command).action(async (options: ChatOptions) => {
    try {
      process.exitCode = await runChat(options);
    } catch (error) {
      process.stderr.write(`akkhara chat: ${(error as Error).message}\n`);
      process.exitCode = 2;
    }
  });
}
