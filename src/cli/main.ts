import { CommanderError } from 'commander';
import { commandLine, createProgram } from './program';

// A reader that stops early (`akkhara lint … | head -1`) closes the pipe: end quietly, as Unix
// tools do, never with an unhandled EPIPE and a stack.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

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
