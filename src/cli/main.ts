import { CommanderError } from 'commander';
import { commandLine, createProgram } from './program';

const program = createProgram();
program.parseAsync(commandLine(program, process.argv)).catch((error: unknown) => {
  // Commander has already printed its message (and the hint); help and --version end with 0.
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`akkhara: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
