/**
 * The one language check of an answer that everything showing, scoring or recording an answer
 * uses: the chat and `@akkhara` mark its findings, best-of-K and repair rank by it, feedback
 * records keep it. Errors and warnings only (hints, such as English terms, are not marked).
 */
import { toDiagnostics } from '../analysis/diagnostics';
import { analyzeText } from '../analysis/findings';
import type { AnswerLanguage, UiLanguage } from '../languages';

export interface AnswerFinding {
  readonly text: string;
  /** In the UI language. */
  readonly message: string;
  /** LSP severity: 1 error, 2 warning. */
  readonly severity: 1 | 2;
  readonly code: string;
}

export interface AnswerCheck {
  readonly findings: readonly AnswerFinding[];
  /** How many errors and warnings. */
  readonly problems: number;
  /** 0 (clean) to 1. */
  readonly mixScore: number;
  /** 0 to 4, as the judges' rubric counts it. */
  readonly mixPenalty: number;
}

export function checkAnswer(text: string, language: AnswerLanguage, uiLanguage: UiLanguage): AnswerCheck {
  const analysis = analyzeText(text, { kind: 'markdown', target: language });
  // No Zawgyi line is converted here (an answer shows no fixes), so a long one costs the analysis'
  // linear time only: this runs on VS Code's extension host.
  const findings = toDiagnostics(text, analysis, uiLanguage, { lazyFixes: true }).flatMap(
    (diagnostic, index): AnswerFinding[] => {
      const { severity } = diagnostic;
      if (severity !== 1 && severity !== 2) return [];
      return [
        { text: analysis.findings.text(index), message: diagnostic.message, severity, code: diagnostic.code },
      ];
    },
  );
  return {
    findings,
    problems: findings.length,
    mixScore: analysis.stats.mixScore,
    mixPenalty: analysis.stats.mixPenalty,
  };
}

/** The check as a feedback record keeps it: counts and which findings, no messages. */
export function recordedCheck(check: AnswerCheck): {
  problems: number;
  mixScore: number;
  findings: { code: string; text: string }[];
} {
  return {
    problems: check.problems,
    mixScore: check.mixScore,
    findings: check.findings.map(({ code, text }) => ({ code, text })),
  };
}
