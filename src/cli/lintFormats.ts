/**
 * `akkhara lint`'s reports for the places courses run checks: SARIF 2.1.0 for GitHub code scanning,
 * GitHub workflow-command annotations, and JUnit XML for other CI servers. Positions are one-based
 * here (LSP's are zero-based; SARIF and both CI formats count lines and columns from 1, columns in
 * UTF-16 code units, SARIF's default). Hints (English words in prose) are left out, as in the text report.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../core/analysis/diagnostics';
import type { FindingCode } from '../core/analysis/terms';
import { VERSION } from '../core/version';

export interface LintedFile {
  /** As given or found (relative stays relative). */
  readonly file: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** What each rule checks, in English (SARIF's rule help; code scanning shows it beside each alert). */
const RULE_HELP: Readonly<Record<FindingCode, string>> = {
  'foreign-script':
    'Text in another script (Thai, Devanagari, CJK…) inside Burmese or Bangla prose, usually a model or keyboard slip.',
  'latin-in-prose': 'An English word inside Burmese or Bangla prose (a hint: often intended).',
  'mixed-script-token': 'One word written in two scripts, e.g. a Myanmar word with a Thai letter inside it.',
  'native-in-code':
    'Native digits or punctuation inside code (e.g. ၁ or ১ for 1, ။ or । for a full stop): Python will not run it.',
  'not-nfc': 'Text not in Unicode NFC: the same word typed another way will not match it.',
  'legacy-khanda-ta': 'Bangla khanda ta written the legacy way (ত + virama + ZWJ) rather than ৎ.',
  'stray-joiner': 'A zero-width joiner or non-joiner where it changes nothing and breaks search.',
  zawgyi: 'Myanmar text in the Zawgyi encoding rather than Unicode: it shows wrongly on most devices.',
  'inconsistent-term':
    "A term the course's glossary (akkhara.config.json) says to avoid, or a second term for one concept in the same document.",
};

const SARIF_LEVEL = { 1: 'error', 2: 'warning', 3: 'note' } as const;
const shown = (d: Diagnostic) => d.severity === 1 || d.severity === 2 || d.severity === 3;

/** A file's path as a SARIF/GitHub path: forward slashes, relative to the folder the check ran in. */
function reportPath(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative)
    .split(path.sep)
    .join('/');
}

const encodeUri = (file: string) => file.split('/').map(encodeURIComponent).join('/');

/**
 * SARIF 2.1.0: one run, Akkhara's rules (the checks' by default; `akkhara tasks check` gives its
 * own), one result per finding (checked against the schema in tests).
 */
export function sarifLog(
  files: readonly LintedFile[],
  cwd: string,
  rules: Readonly<Record<string, string>> = RULE_HELP,
): object {
  const codes = Object.keys(rules);
  const results = files.flatMap(({ file, diagnostics }) =>
    diagnostics.filter(shown).map((d) => ({
      ruleId: d.code,
      ruleIndex: Math.max(0, codes.indexOf(d.code)),
      level: SARIF_LEVEL[d.severity as 1 | 2 | 3],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeUri(reportPath(file, cwd)), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Akkhara',
            version: VERSION,
            rules: codes.map((code) => ({
              id: code,
              name: code,
              shortDescription: { text: rules[code] },
              help: { text: rules[code] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        results,
      },
    ],
  };
}

/** GitHub's escaping of a workflow command's message, and of its properties (which also escape `:` and `,`). */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const GITHUB_COMMAND = { 1: 'error', 2: 'warning', 3: 'notice' } as const;

/** One file's findings as GitHub annotations (`::error file=…,line=…,col=…::message`), a line each. */
export function githubAnnotations(result: LintedFile, cwd: string): string {
  return result.diagnostics
    .filter(shown)
    .map((d) => {
      const properties = [
        `file=${escapeProperty(reportPath(result.file, cwd))}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${escapeProperty(`Akkhara ${d.code}`)}`,
      ].join(',');
      return `::${GITHUB_COMMAND[d.severity as 1 | 2 | 3]} ${properties}::${escapeData(d.message)}\n`;
    })
    .join('');
}

const xml = (text: string) =>
  text
    // Characters XML 1.0 cannot hold at all (control characters a file may contain).
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JUnit XML as CI servers read it: a suite per file, a failing case per finding, one passing case for a clean file. */
export function junitReport(files: readonly LintedFile[], cwd: string): string {
  let failures = 0;
  let tests = 0;
  const suites = files.map(({ file, diagnostics }) => {
    const name = xml(reportPath(file, cwd));
    const findings = diagnostics.filter(shown);
    tests += Math.max(1, findings.length);
    failures += findings.length;
    const cases = findings.length
      ? findings.map((d) => {
          const where = `${d.range.start.line + 1}:${d.range.start.character + 1}`;
          const type = SARIF_LEVEL[d.severity as 1 | 2 | 3];
          return (
            `    <testcase classname="${name}" name="${xml(`${where} ${d.code}`)}">\n` +
            `      <failure type="${type}" message="${xml(d.message)}">${xml(`${where} ${type} ${d.message} (${d.code})`)}</failure>\n` +
            '    </testcase>\n'
          );
        })
      : [`    <testcase classname="${name}" name="akkhara lint"/>\n`];
    return (
      `  <testsuite name="${name}" tests="${Math.max(1, findings.length)}" failures="${findings.length}" errors="0">\n` +
      `${cases.join('')}  </testsuite>\n`
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="akkhara lint" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('')}</testsuites>\n`
  );
}
