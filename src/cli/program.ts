import { Command } from 'commander';
import { VERSION } from '../core/version';
import { registerAsk } from './ask';
import { registerChat } from './chat';
import { registerEval } from './eval';
import { registerFeedback } from './feedback';
import { registerGenerate } from './generate';
import { registerHarden } from './harden';
import { registerJudge } from './judge';
import { registerLint } from './lint';
import { registerLsp } from './lsp';
import { registerMine } from './mine';
import { registerReport } from './report';
import { registerRun } from './run';
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
  registerFeedback(program);
  registerJudge(program);
  registerReport(program);
  registerLsp(program);
  registerRun(program);
  program.action(() => program.help());
  return program;
}
