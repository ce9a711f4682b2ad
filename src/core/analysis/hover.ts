/**
 * Hover text for a finding: its message, then each distinct character of the flagged text with its
 * code point, Unicode name and script — what a teacher needs to explain "why is this word wrong".
 * Names come from the caller (the server loads a names table on first hover).
 */
import type { UiLanguage } from '../languages';
import { scriptNames, scriptSetOf } from '../script/scripts';

/** Characters listed at most; longer fragments end with "…". */
const MAX_CHARACTERS = 12;

export type NameOf = (codePoint: number) => string | undefined;

export interface CharacterInfo {
  readonly character: string;
  readonly codePoint: string;
  readonly name: string;
  readonly scripts: string;
}

export function describeCharacters(text: string, nameOf: NameOf): CharacterInfo[] {
  const seen = new Set<number>();
  const rows: CharacterInfo[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (seen.has(cp)) continue;
    seen.add(cp);
    rows.push({
      character: ch,
      codePoint: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`,
      name: nameOf(cp) ?? '(unnamed)',
      scripts: scriptNames(scriptSetOf(cp)).join(', '),
    });
  }
  return rows;
}

/** Whether the character shows nothing by itself (joiners, marks alone): shown by name only. */
const INVISIBLE = /^[\p{Cf}\p{Mn}\p{Me}\s]$/u;

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

/** The table's headers in the UI language (Unicode's character names stay as Unicode gives them). */
const HEADERS: Readonly<Record<UiLanguage, readonly [string, string, string]>> = {
  en: ['code point', 'name', 'script'],
  my: ['ကုဒ်ပွိုင့်', 'အမည်', 'စာ'],
  bn: ['কোড পয়েন্ট', 'নাম', 'লিপি'],
};

/** Markdown for an LSP hover: the message, then a table of the characters. */
export function hoverMarkdown(
  message: string,
  code: string,
  text: string,
  nameOf: NameOf,
  language: UiLanguage = 'en',
): string {
  const rows = describeCharacters(text, nameOf);
  const shown = rows.slice(0, MAX_CHARACTERS).map((row) => {
    const glyph = INVISIBLE.test(row.character) ? ' ' : escapeMarkdown(row.character);
    return `| ${glyph} | ${row.codePoint} | ${escapeMarkdown(row.name)} | ${row.scripts} |`;
  });
  if (rows.length > MAX_CHARACTERS) shown.push('| … | | | |');
  return [
    `**Akkhara** \`${code}\``,
    '',
    escapeMarkdown(message),
    '',
    `| | ${HEADERS[language].join(' | ')} |`,
    '|---|---|---|---|',
    ...shown,
  ].join('\n');
}
