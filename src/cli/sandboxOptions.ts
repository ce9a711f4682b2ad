/** The options every command that runs code shares: which sandbox, which Python. */
import { Option } from 'commander';
import { SANDBOX_BACKENDS } from '../core/sandbox/types';

export const SANDBOX_CHOICES = ['auto', ...SANDBOX_BACKENDS] as const;

export function sandboxOption(): Option {
  return new Option(
    '--sandbox <backend>',
    'isolation: bwrap or landlock (Linux), seatbelt (macOS): isolated; pyodide: limited; ' +
      'process: none, the code gets your rights (only when named); auto: the strongest that works here',
  )
    .choices(SANDBOX_CHOICES)
    .default('auto');
}

export function pythonOption(): Option {
  return new Option('--python <path>', 'Python interpreter (default: python3 on PATH)');
}
