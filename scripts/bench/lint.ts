/**
 * `npm run bench lint`: `akkhara lint` over a generated course as a teacher's CI runs it — a whole
 * process over a folder of 2,000 files (Markdown lessons, Python, task files; about 20 MB, in 40
 * folders, with a .gitignore'd build folder and a node_modules that must not be read) — against a
 * bare read of the same files (`find … | xargs cat`) in the same run, alternating. Also the folder
 * walk alone (with its ignore files), as a share of the whole lint.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { courseFiles } from '../../src/core/course/files';
import { corpus } from './lib/corpus';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const FILES = 2000;
const FOLDERS = 40;
const root = mkdtempSync(path.join(os.tmpdir(), 'akkhara-bench-course-'));
/** The repository root (this script runs from out/scripts/bench/). */
const ROOT = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(ROOT, 'dist', 'cli.js');

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The course: lessons from the analysis corpus, Python exercises, task files; 10 KB per file on average. */
function writeCourse(): number {
  const lessons = corpus(14 * 1024 * 1024, 10 * 1024);
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const folder = path.join(root, `week-${String(i % FOLDERS).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const lesson = lessons[i % lessons.length];
    let name: string;
    let text: string;
    if (i % 10 < 6) [name, text] = [`lesson-${i}.md`, lesson];
    else if (i % 10 < 9) {
      name = `exercise-${i}.py`;
      text =
        `def solve_${i}(numbers):\n    """${lesson.slice(0, 400).replace(/"""/g, '')}"""\n    return sum(numbers)\n`.repeat(
          8,
        );
    } else {
      name = `task-${i}.task.md`;
      text = `# ${i}\n\n${lesson.slice(0, 4000)}\n\n\`\`\`python tests\nassert solve(1) == 1\n\`\`\`\n`;
    }
    writeFileSync(path.join(folder, name), text);
    bytes += Buffer.byteLength(text);
  }
  // What must not be read: an ignored build folder and dependencies, as large as the course.
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  for (const skipped of ['build', path.join('node_modules', 'dep')]) {
    mkdirSync(path.join(root, skipped), { recursive: true });
    for (let i = 0; i < 200; i++)
      writeFileSync(path.join(root, skipped, `copy-${i}.md`), lessons[i % lessons.length]);
  }
  return bytes;
}

function timed(command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} failed: ${String(result.stderr)}`);
  return ms;
}

async function walkMs(): Promise<{ ms: number; files: number }> {
  const started = performance.now();
  let files = 0;
  for await (const walked of courseFiles(['.'].map((p) => path.join(root, p)))) if (!walked.skipped) files++;
  return { ms: performance.now() - started, files };
}

async function main(): Promise<void> {
  const bytes = writeCourse();
  const bareRead = [
    '-c',
    "find . -type f -not -path './build/*' -not -path './node_modules/*' | xargs cat > /dev/null",
  ];
  const lint = [cli, 'lint', '.'];
  // A second baseline: Node itself reading the same files (its start-up is in both).
  const nodeRead = [
    '-e',
    "const fs=require('fs'),p=require('path');(function w(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){" +
      "const f=p.join(d,e.name);if(e.isDirectory()){if(f!=='build'&&f!=='node_modules')w(f)}else if(e.isFile())fs.readFileSync(f,'utf8')}})('.')",
  ];
  timed('sh', bareRead); // warm the page cache and the node binary
  timed(process.execPath, lint);
  const bare: number[] = [];
  const nodeBare: number[] = [];
  const whole: number[] = [];
  const walks: number[] = [];
  let walkedFiles = 0;
  for (let i = 0; i < RUNS; i++) {
    bare.push(timed('sh', bareRead));
    nodeBare.push(timed(process.execPath, nodeRead));
    whole.push(timed(process.execPath, lint));
    const walk = await walkMs();
    walks.push(walk.ms);
    walkedFiles = walk.files;
  }
  if (process.env.BENCH_KEEP) console.error(`kept: ${root}`);
  else rmSync(root, { recursive: true, force: true });
  const ratio = median(whole) / median(nodeBare);
  const walkShare = median(walks) / median(whole);
  console.log(
    `Node ${process.version}, ${os.cpus().length} CPUs; a course of ${FILES} files (${(bytes / 1e6).toFixed(1)} MB) in ${FOLDERS} folders, ` +
      `plus an ignored build folder and node_modules (400 files); median of ${RUNS}, alternating\n`,
  );
  console.log('| what | ms |');
  console.log('|---|---:|');
  console.log(`| bare read: find … \\| xargs cat (baseline) | ${median(bare).toFixed(0)} |`);
  console.log(`| Node reading the same files (node -e, readFileSync) | ${median(nodeBare).toFixed(0)} |`);
  console.log(`| akkhara lint . (whole process, text report) | ${median(whole).toFixed(0)} |`);
  console.log(
    `| of which the folder walk with ignore files (${walkedFiles} files found) | ${median(walks).toFixed(0)} |`,
  );
  console.log(
    `\nlint / Node reading the same files: ${ratio.toFixed(2)}× (target ≤ 2.5×); lint / bare read: ${(median(whole) / median(bare)).toFixed(2)}×; ` +
      `walk / lint: ${(walkShare * 100).toFixed(1)}% (target ≤ 10%)\n`,
  );
  if (walkedFiles !== FILES) throw new Error(`the walk found ${walkedFiles} files, not ${FILES}`);
  if (ratio > 2.5 || walkShare > 0.1) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
