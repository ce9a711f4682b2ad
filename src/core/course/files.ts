/**
 * The files a course check reads, taken as eslint takes them: files, folders (recursively) and
 * globs. Each folder's `.gitignore`, `.akkharaignore` and course configuration's `ignores` apply
 * below it, as git applies ignore files, along
 * with those of the folders above up to the repository's root; `.git` and `node_modules` are never
 * entered; links to folders are not followed (no loops); a FIFO or a device is never opened. What
 * cannot be read is reported with its reason, never fatal, never a hang.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { CONFIG_FILE, isRepositoryRoot } from './config';
import { IgnoreRules } from './ignoreRules';
import { readSmallFile } from './smallFile';

/** What a course check reads by default: lessons, exercises and task files, answer documents, Python. */
export const DEFAULT_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.py', '.txt'];

const IGNORE_FILES = ['.gitignore', '.akkharaignore'];
const NEVER_ENTERED = new Set(['.git', 'node_modules']);

export type WalkSkip = 'link-to-folder' | 'unreadable-folder' | 'not-a-file' | 'no-such-path';

export type Walked =
  | { readonly file: string; readonly skipped?: undefined }
  | { readonly file: string; readonly skipped: WalkSkip };

interface IgnoreLevel {
  readonly dir: string;
  readonly rules: IgnoreRules;
}

const isGlob = (arg: string) => /[*?[\]{}]/.test(arg) || picomatch.scan(arg).isGlob;

/**
 * The `ignores` of a course configuration in `dir` (akkhara.config.json, or package.json's
 * "akkhara"). Only read here; the configuration is checked, and its errors reported, where it applies.
 */
async function configIgnores(dir: string): Promise<string[]> {
  for (const [name, pick] of [
    [CONFIG_FILE, (value: unknown) => value],
    ['package.json', (value: unknown) => (value as { akkhara?: unknown } | null)?.akkhara],
  ] as const) {
    // A link, a FIFO or an oversized file is reported where the configuration is loaded for a file.
    const text = await readSmallFile(path.join(dir, name)).catch(() => undefined);
    if (text === undefined) continue;
    try {
      const ignores = (pick(JSON.parse(text)) as { ignores?: unknown } | undefined)?.ignores;
      if (Array.isArray(ignores)) return ignores.filter((item): item is string => typeof item === 'string');
    } catch {
      // not JSON: reported when the configuration is loaded for a file
    }
    if (name === CONFIG_FILE) return [];
  }
  return [];
}

/** A folder's ignore rules (its ignore files and its configuration's `ignores`), or undefined when it has none. */
async function rulesIn(dir: string): Promise<IgnoreLevel | undefined> {
  let rules: IgnoreRules | undefined;
  for (const name of IGNORE_FILES) {
    // Only a regular file of at most 1 MB: an ignore file that is a FIFO or a link to /dev/zero is left out.
    const text = await readSmallFile(path.join(dir, name)).catch(() => undefined);
    if (text !== undefined) rules = (rules ?? new IgnoreRules()).add(text);
  }
  const fromConfig = await configIgnores(dir);
  if (fromConfig.length) rules = (rules ?? new IgnoreRules()).add(fromConfig);
  return rules && { dir, rules };
}

/** The rules of the folders above `dir`, up to the repository root (the folder holding `.git`). */
async function rulesAbove(dir: string): Promise<IgnoreLevel[]> {
  const levels: IgnoreLevel[] = [];
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    if (await isRepositoryRoot(current)) {
      const level = await rulesIn(current);
      if (level) levels.unshift(level);
      break;
    }
    if (path.dirname(current) === current) return []; // not in a repository: only the folder's own
    const level = await rulesIn(current);
    if (level) levels.unshift(level);
  }
  return levels;
}

function ignored(levels: readonly IgnoreLevel[], full: string, isDir: boolean): boolean {
  for (const { dir, rules } of levels) {
    const relative = path.relative(dir, full).split(path.sep).join('/');
    if (relative && !relative.startsWith('..') && rules.ignores(isDir ? `${relative}/` : relative))
      return true;
  }
  return false;
}

interface Walk {
  readonly extensions: readonly string[];
  /** A glob's matcher, tried on the path relative to the glob's base folder. */
  readonly match?: { base: string; test: (relative: string) => boolean };
}

async function* walkFolder(dir: string, levels: IgnoreLevel[], walk: Walk): AsyncGenerator<Walked> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    yield { file: dir, skipped: 'unreadable-folder' };
    return;
  }
  const own = await rulesIn(dir);
  const here = own ? [...levels, own] : levels;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (NEVER_ENTERED.has(entry.name) || ignored(here, full, true)) continue;
      yield* walkFolder(full, here, walk);
      continue;
    }
    if (ignored(here, full, false)) continue;
    const wanted = walk.match
      ? walk.match.test(path.relative(walk.match.base, full).split(path.sep).join('/'))
      : walk.extensions.some((extension) => entry.name.toLowerCase().endsWith(extension));
    if (!wanted) continue;
    if (entry.isFile()) yield { file: full };
    else if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (target?.isFile()) yield { file: full };
      else yield { file: full, skipped: target?.isDirectory() ? 'link-to-folder' : 'not-a-file' };
    } else yield { file: full, skipped: 'not-a-file' }; // a FIFO, a socket, a device: never opened
  }
}

/**
 * Every file `paths` name, in order, each once: a file as given (whatever its extension), a folder's
 * files with one of `extensions` that no ignore file excludes, a glob's matches. Paths are shown as
 * given (relative stays relative).
 */
export async function* courseFiles(
  paths: readonly string[],
  { extensions = DEFAULT_EXTENSIONS }: { extensions?: readonly string[] } = {},
): AsyncGenerator<Walked> {
  const seen = new Set<string>();
  const once = function* (walked: Walked) {
    const key = path.resolve(walked.file);
    if (seen.has(key)) return;
    seen.add(key);
    yield walked;
  };
  for (const arg of paths.length ? paths : ['.']) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      const root = path.resolve(arg);
      const levels = await rulesAbove(root);
      for await (const walked of walkFolder(arg, levels, { extensions })) yield* once(walked);
    } else if (info) yield* once({ file: arg });
    else if (isGlob(arg)) {
      const { base } = picomatch.scan(arg);
      const folder = base || '.';
      const test = picomatch(path.relative(folder, arg).split(path.sep).join('/') || '**', { dot: false });
      const levels = await rulesAbove(path.resolve(folder));
      for await (const walked of walkFolder(folder, levels, { extensions, match: { base: folder, test } }))
        yield* once(walked);
    } else yield* once({ file: arg, skipped: 'no-such-path' });
  }
}

/** `--ext md,py` or `--ext .md --ext .py` as lower-case extensions with their dot. */
export function parseExtensions(values: readonly string[]): string[] {
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean)
    .map((value) => (value.startsWith('.') ? value : `.${value}`));
}
