/** The options every command that runs code shares: which sandbox, which Python. */
import { Option } from 'commander';

export const SANDBOX_CHOICES = ['auto', 'bwrap', 'process', 'pyodide'] as const;

export function sandboxOption(): Option {
  return new Option(
    '--sandbox <backend>',
    'isolation: bwrap (isolated), process or pyodide (limited isolation); auto picks the strongest here',
  )
    .choices(SANDBOX_CHOICES)
    .default('auto');
}

export function pythonOption(): Option {
  return new Option('--python <path>', 'Python interpreter (default: python3 on PATH)');
}
