import { Command } from 'commander';
import { VERSION } from '../core/version';
import { registerAsk } from './ask';
import { registerChat } from './chat';
import { registerDescribe } from './describe';
import { registerEval } from './eval';
import { registerFeedback } from './feedback';
import { registerGenerate } from './generate';
import { registerHarden } from './harden';
import { registerJudge } from './judge';
import { registerLint } from './lint';
import { registerLsp } from './lsp';
import { registerMerge } from './merge';
import { registerMine } from './mine';
import { registerReport } from './report';
import { registerRun } from './run';
import { registerSynth } from './synth';
import { registerTasks } from './tasks';

/**
 * The `akkhara` command line. Each capability adds its subcommand here as it lands; there are no
 * placeholders for ones that do not exist yet.
 */
export function createProgram(): Command {
  const program = new Command('akkhara')
    .description(
      'Akkhara: a coding assistant for people who learn and teach programming in Burmese and Bangla.',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .allowExcessArguments(false)
    // One convention for every usage mistake, commander's own included: one line, a hint, exit 2
    // (main.ts). Inherited by the subcommands registered below.
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerAsk(program);
  registerChat(program);
  registerLint(program);
  registerTasks(program);
  registerEval(program);
  registerGenerate(program);
  registerMine(program);
  registerHarden(program);
  registerDescribe(program);
  registerSynth(program);
  registerFeedback(program);
  registerJudge(program);
  registerReport(program);
  registerMerge(program);
  registerLsp(program);
  registerRun(program);
  return program;
}

/**
 * The arguments as commander should see them. `akkhara` alone prints help (exit 0). A first word that
 * is no command is an unknown command, with the closest one suggested, even with --help after it
 * (commander would print the top-level help for `akkhara describe --help` and exit 0).
 */
export function commandLine(program: Command, argv: readonly string[]): string[] {
  const args = argv.slice(2);
  if (args.length === 0) return [...argv.slice(0, 2), '--help'];
  const first = args.find((arg) => !arg.startsWith('-'));
  const known = program.commands.some(
    (command) => command.name() === first || command.aliases().includes(first ?? ''),
  );
  if (first !== undefined && !known) return [...argv.slice(0, 2), first];
  return [...argv];
}
