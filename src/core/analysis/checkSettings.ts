/**
 * The `akkhara.check.*` settings as the language server reads them per file (workspace/configuration
 * with the file's URI), validated through the settings table so a malformed value falls back.
 */
import type { AnswerLanguageSetting } from '../languages';
import { validSettingOrDefault } from '../settings';
import type { FindingList } from './findingList';
import type { Glossary } from './glossary';
import type { Finding, FindingCode, Severity } from './terms';

export interface CheckSettings {
  readonly target: AnswerLanguageSetting;
  readonly allowedScripts: readonly string[];
  readonly severity: Readonly<Partial<Record<FindingCode, Severity | 'off'>>>;
  readonly maxProblems: number;
  /** A course's glossary (akkhara.config.json), for inconsistent-term findings. */
  readonly glossary?: Glossary;
}

/** Reads the `akkhara.check` section (an object with targetLanguage, allowedScripts, severity, maxProblems). */
export function checkSettingsFrom(section: unknown): CheckSettings {
  const raw = (typeof section === 'object' && section !== null ? section : {}) as Record<string, unknown>;
  return {
    target: validSettingOrDefault('akkhara.check.targetLanguage', raw.targetLanguage),
    allowedScripts: validSettingOrDefault('akkhara.check.allowedScripts', raw.allowedScripts),
    severity: validSettingOrDefault('akkhara.check.severity', raw.severity) as CheckSettings['severity'],
    maxProblems: validSettingOrDefault('akkhara.check.maxProblems', raw.maxProblems),
  };
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = checkSettingsFrom(undefined);

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

/**
 * At most `max` findings, the most severe first (an error is never dropped for a hint), in document
 * order. Large files full of English terms would otherwise send thousands of hints per keystroke.
 * Linear: find the least severe level that still fits, keep everything above it and the first of it.
 */
export function limitFindings(
  findings: FindingList,
  max: number,
  { hints = true }: { hints?: boolean } = {},
): Finding[] {
  if (hints && findings.length <= max) return findings.toArray();
  const perLevel = [0, 0, 0, 0];
  for (let i = 0; i < findings.length; i++) perLevel[RANK[findings.severity(i)]]++;
  // Without hints (a report that does not show them), they are never made into objects at all.
  if (!hints) perLevel[RANK.hint] = Number.POSITIVE_INFINITY;
  let cutoff = 0;
  let room = max;
  while (cutoff < perLevel.length && perLevel[cutoff] <= room) room -= perLevel[cutoff++];
  if (!hints && cutoff === RANK.hint) room = 0;
  // Only the kept findings become objects: a large file's thousands of hints stay numbers.
  const kept: Finding[] = [];
  for (let i = 0; i < findings.length; i++) {
    const rank = RANK[findings.severity(i)];
    if (rank < cutoff) kept.push(findings.at(i));
    else if (rank === cutoff && room > 0) {
      kept.push(findings.at(i));
      room--;
    }
  }
  return kept;
}
