import { createProgram } from './program';

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`akkhara: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
