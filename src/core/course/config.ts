/**
 * A course's configuration: `akkhara.config.json`, or an `"akkhara"` object in `package.json`, in a
 * folder of the course. The nearest one above a file applies to it, on the command line and in the
 * editor alike (the editor's settings give way to it), so a student opening the course sees what CI
 * reports. Validated against schemas/akkhara.config.schema.json: an unknown key or a wrong type is an
 * error that names the file and the key, never silently ignored.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { SCRIPT_NAMES } from 'akkhara:script-data';
import schema from '../../../schemas/akkhara.config.schema.json';
import type { CheckSettings } from '../analysis/checkSettings';
import type { AnswerLanguageSetting } from '../languages';
import type { FindingCode, Severity } from '../analysis/terms';
import type { Glossary } from '../analysis/glossary';
import { IgnoreRules } from './ignoreRules';
import { readSmallFile, SmallFileError } from './smallFile';

export const CONFIG_FILE = 'akkhara.config.json';

export interface CourseConfig {
  readonly language?: AnswerLanguageSetting;
  readonly allowedScripts?: readonly string[];
  readonly severity?: Readonly<Partial<Record<FindingCode, Severity | 'off'>>>;
  /** .gitignore patterns, relative to the configuration's folder. */
  readonly ignores?: readonly string[];
  readonly glossary?: Glossary;
}

/** Where a configuration was found, and what it says. */
export interface FoundConfig {
  /** The file it came from (akkhara.config.json or package.json). */
  readonly file: string;
  readonly folder: string;
  readonly config: CourseConfig;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    problem: string,
  ) {
    super(`${file}: ${key ? `"${key}" ` : ''}${problem}`);
    this.name = 'ConfigError';
  }
}

let validate: ReturnType<Ajv['compile']> | undefined;

/** The key an error is about, as a dotted path (severity.foreign-script), and what is wrong with it. */
function describe(error: ErrorObject): { key: string; problem: string } {
  const at = error.instancePath.split('/').slice(1).join('.');
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = [at, (error.params as { additionalProperty: string }).additionalProperty]
        .filter(Boolean)
        .join('.');
      return { key, problem: 'is not a known key' };
    }
    case 'enum':
      return {
        key: at,
        problem: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`,
      };
    case 'type':
      return { key: at, problem: `must be ${(error.params as { type: string }).type}` };
    default:
      return { key: at, problem: error.message ?? 'is not valid' };
  }
}

/** The configuration in `value` (the parsed file, or package.json's "akkhara"), checked. */
export function courseConfig(value: unknown, file: string): CourseConfig {
  validate ??= new Ajv({ allErrors: true }).compile(schema);
  if (!validate(value)) {
    const { key, problem } = describe(validate.errors![0]);
    throw new ConfigError(file, key, problem);
  }
  const config = value as CourseConfig;
  const unknown = config.allowedScripts?.find((name) => !SCRIPT_NAMES.includes(name));
  if (unknown !== undefined)
    throw new ConfigError(
      file,
      'allowedScripts',
      `names an unknown script "${unknown}" (e.g. Thai, Devanagari, Han)`,
    );
  return config;
}

/**
 * The JSON in `file`, undefined when there is none. A file that is a link, not a regular file or
 * larger than 1 MB is refused, and an error never quotes the file (a link could make that any file).
 */
export async function readJson(file: string): Promise<unknown> {
  let text: string | undefined;
  try {
    text = await readSmallFile(file);
  } catch (error) {
    if (error instanceof SmallFileError)
      throw new ConfigError(file, '', error.message.slice(file.length + 2));
    throw error;
  }
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ConfigError(file, '', `is not valid JSON (${jsonProblem(text)})`);
  }
}

/** Where and what the first syntax error is, in words: "a property name is expected at line 3, column 5". */
function jsonProblem(text: string): string {
  const errors: ParseError[] = [];
  parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return 'not JSON';
  const before = text.slice(0, first.offset).split('\n');
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${what} at line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

/** A folder's own configuration, if it has one: akkhara.config.json first, then package.json's "akkhara". */
async function configIn(folder: string): Promise<FoundConfig | undefined> {
  const own = path.join(folder, CONFIG_FILE);
  const value = await readJson(own);
  if (value !== undefined) return { file: own, folder, config: courseConfig(value, own) };
  const manifest = path.join(folder, 'package.json');
  const pkg = await readJson(manifest).catch(() => undefined); // a broken package.json is not ours to report
  if (typeof pkg === 'object' && pkg !== null && 'akkhara' in pkg)
    return { file: manifest, folder, config: courseConfig((pkg as { akkhara: unknown }).akkhara, manifest) };
  return undefined;
}

/** Whether `folder` is the top of a repository (it holds `.git`, a folder or a worktree's file). */
export async function isRepositoryRoot(folder: string): Promise<boolean> {
  return stat(path.join(folder, '.git')).then(
    () => true,
    () => false,
  );
}

/**
 * Finds configurations upward from files, each folder read once (the answers are kept until
 * `clear`, e.g. when a configuration file changes in the editor). The search never goes above a
 * repository's root (the folder with `.git`) or above one of `roots` (the workspace folders, or
 * the folders a command was given): a folder above the course is not the course's to configure.
 */
export class CourseConfigs {
  private readonly byFolder = new Map<string, Promise<FoundConfig | undefined>>();
  private readonly roots: Set<string>;

  constructor(roots: readonly string[] = []) {
    this.roots = new Set(roots.map((root) => path.resolve(root)));
  }

  /** The configuration that applies to `file` (the nearest above it), or undefined. Throws ConfigError. */
  forFile(file: string): Promise<FoundConfig | undefined> {
    return this.forFolder(path.dirname(path.resolve(file)));
  }

  forFolder(folder: string): Promise<FoundConfig | undefined> {
    let found = this.byFolder.get(folder);
    if (!found) {
      const parent = path.dirname(folder);
      found = configIn(folder).then(async (own) => {
        if (own || parent === folder || this.roots.has(folder) || (await isRepositoryRoot(folder)))
          return own;
        return this.forFolder(parent);
      });
      this.byFolder.set(folder, found);
    }
    return found;
  }

  clear(): void {
    this.byFolder.clear();
  }
}

/** Check settings with a course's configuration applied: the configuration wins where it says something. */
export function withCourseConfig(settings: CheckSettings, config: CourseConfig | undefined): CheckSettings {
  if (!config) return settings;
  return {
    ...settings,
    ...(config.language && { target: config.language }),
    ...(config.allowedScripts && { allowedScripts: config.allowedScripts }),
    ...(config.severity && { severity: { ...settings.severity, ...config.severity } }),
    ...(config.glossary && { glossary: config.glossary }),
  };
}

/**
 * What a repository's configuration may decide in an untrusted workspace (VS Code's Restricted
 * Mode): the language, the scripts it welcomes and its glossary, which only add findings — never
 * `severity` or `ignores`, which could switch a check off (e.g. native-in-code, which catches ၀
 * posing as 0) or hide the file that needs it.
 */
export function asUntrusted(config: CourseConfig): CourseConfig {
  const { severity: _severity, ignores: _ignores, ...allowed } = config;
  return allowed;
}

/** Whether the configuration's `ignores` leave `file` out (for the editor; the folder walk applies them itself). */
export function ignoredByConfig(found: FoundConfig, file: string): boolean {
  if (!found.config.ignores?.length) return false;
  const relative = path.relative(found.folder, path.resolve(file)).split(path.sep).join('/');
  return (
    relative !== '' &&
    !relative.startsWith('..') &&
    new IgnoreRules().add(found.config.ignores).ignores(relative)
  );
}
