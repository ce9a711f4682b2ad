/**
 * The one language check of an answer that everything showing, scoring or recording an answer
 * uses: the chat and `@akkhara` mark its findings, best-of-K and repair rank by it, feedback
 * records keep it. Errors and warnings only (hints, such as English terms, are not marked).
 */
import { toDiagnostics } from '../analysis/diagnostics';
import { analyzeText } from '../analysis/findings';
import type { CheckSettings } from '../analysis/checkSettings';
import { withGlossaryFindings, type Glossary } from '../analysis/glossary';
import type { AnswerLanguage, UiLanguage } from '../languages';

export interface AnswerFinding {
  readonly text: string;
  /** In the UI language. */
  readonly message: string;
  /** LSP severity: 1 error, 2 warning; 3 (information) for a course glossary's terms. */
  readonly severity: 1 | 2 | 3;
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

/** What a course sets for checking answers: its glossary, and the severity of its terms. */
export interface CourseCheck {
  readonly glossary?: Glossary;
  readonly severity?: CheckSettings['severity'];
}

export function checkAnswer(
  text: string,
  language: AnswerLanguage,
  uiLanguage: UiLanguage,
  course: CourseCheck = {},
): AnswerCheck {
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
  // A course glossary's terms are marked too, whatever their severity (unless turned off), and are
  // not counted as mixed-script problems.
  const terms = withGlossaryFindings([], text, 'markdown', language, course);
  const termFindings = toDiagnostics(text, { target: language, findings: terms }, uiLanguage).map(
    (diagnostic, index): AnswerFinding => ({
      text: terms[index].text,
      message: diagnostic.message,
      severity: diagnostic.severity === 1 || diagnostic.severity === 2 ? diagnostic.severity : 3,
      code: diagnostic.code,
    }),
  );
  return {
    findings: [...findings, ...termFindings],
    problems: findings.length + termFindings.filter((finding) => finding.severity < 3).length,
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
