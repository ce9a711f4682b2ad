/**
 * `akkhara feedback list|export|delete`: the contributors' feedback store on the command line. The
 * store is a JSONL file (`--store`, default `$XDG_DATA_HOME/akkhara/feedback.jsonl`); the editor
 * keeps its own in VS Code's global storage and exports it with "Akkhara: Export Feedback".
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { EXPORT_FORMATS, exportRows, type ExportFormat } from '../core/feedback/export';
import { FeedbackStore, type LoadedFeedback } from '../core/feedback/store';
import { count, UsageError } from './usage';

export function defaultStorePath(): string {
  const dataHome = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'akkhara', 'feedback.jsonl');
}

const storeOption = () =>
  new Option('--store <file>', 'the feedback store (JSONL)').default(defaultStorePath());

function warnSkipped(loaded: LoadedFeedback, file: string): void {
  const { torn, invalid } = loaded.skipped;
  if (torn)
    process.stderr.write(`akkhara feedback: ${file}: skipped a torn last line (a crash while writing)\n`);
  if (invalid)
    process.stderr.write(`akkhara feedback: ${file}: skipped ${count(invalid, 'unreadable line')}\n`);
}

/** Runs a subcommand's body; a failure is one line on stderr and exit code 2. */
async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    process.stderr.write(`akkhara feedback: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}

export function registerFeedback(program: Command): void {
  const feedback = program
    .command('feedback')
    .description('contributors’ ratings and answer pairs: list them, delete one, export training data');

  feedback
    .command('list')
    .description('one line per record: id, kind, language, verdict, the prompt’s start')
    .addOption(storeOption())
    .option('--json', 'print the records as JSON')
    .action((options: { store: string; json?: boolean }) =>
      guarded(async () => {
        const store = new FeedbackStore(options.store);
        if (!(await store.exists())) {
          // Nobody has rated an answer yet: not an error.
          if (options.json) return void process.stdout.write('[]\n');
          return void process.stdout.write(`no feedback yet: ${options.store} does not exist yet\n`);
        }
        const loaded = await store.load();
        warnSkipped(loaded, options.store);
        if (options.json) return void process.stdout.write(`${JSON.stringify(loaded.records, null, 2)}\n`);
        for (const record of loaded.records) {
          const verdict =
            record.kind === 'rating' ? `${record.rating} ${record.reasons.join(',')}` : record.source;
          const prompt = record.prompt.replace(/\s+/g, ' ').slice(0, 50);
          process.stdout.write(`${record.id}  ${record.kind}  ${record.language}  ${verdict}  ${prompt}\n`);
        }
      }),
    );

  feedback
    .command('export')
    .description('training data as JSONL: DPO pairs (TRL, TRL conversational, axolotl), KTO, or verified SFT')
    .addOption(
      new Option('--format <format>', 'the output format').choices(EXPORT_FORMATS).makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'where to write the JSONL')
    .addOption(storeOption())
    .action((options: { format: ExportFormat; out: string; store: string }) =>
      guarded(async () => {
        // Exporting from a store that is not there would write an empty file and look like success.
        if (!existsSync(options.store))
          throw new UsageError(
            `no feedback store at ${options.store} (nothing was rated or saved there yet; --store names another)`,
          );
        const loaded = await new FeedbackStore(options.store).load();
        warnSkipped(loaded, options.store);
        const rows = exportRows(loaded.records, options.format);
        await writeFile(options.out, rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
        process.stdout.write(
          `${rows.length} ${options.format} rows from ${loaded.records.length} records → ${options.out}\n`,
        );
      }),
    );

  feedback
    .command('delete')
    .description('delete a record by its id (see `akkhara feedback list`)')
    .argument('<id>', 'the record’s id')
    .addOption(storeOption())
    .action((id: string, options: { store: string }) =>
      guarded(async () => {
        if (!(await new FeedbackStore(options.store).delete(id)))
          throw new Error(`no record ${id} in ${options.store}`);
        process.stdout.write(`deleted ${id}\n`);
      }),
    );
}
