/**
 * "Describe This Solution": a task file drafted from a teacher's code — the short description as
 * its heading, the detailed one and the section-by-section one as its prompt, a tests block for the
 * teacher to fill, and the code as its solution — in the lesson format `*.task.md` files use.
 */
import type { AnswerLanguage } from '../languages';
import type { DescriptionRow } from './describe';

const TESTS_HINT: Readonly<Record<AnswerLanguage, string>> = {
  my: '# စမ်းသပ်ချက်များကို ဤနေရာတွင် assert စာကြောင်းများဖြင့် ရေးပါ',
  bn: '# এখানে assert লাইন দিয়ে টেস্ট লিখুন',
};

export function taskDraft(rows: readonly DescriptionRow[], code: string, language: AnswerLanguage): string {
  const text = (granularity: DescriptionRow['granularity']) =>
    rows.find((row) => row.granularity === granularity)?.text;
  // A heading is one line: the short description's first.
  const heading = (text('short') ?? '').split('\n')[0].trim();
  const prompt = [text('detailed'), text('sections')].filter(Boolean).join('\n\n');
  return [
    `# ${heading}`,
    '',
    prompt,
    '',
    '```python tests',
    TESTS_HINT[language],
    '```',
    '',
    '```python solution',
    code.replace(/\n+$/, ''),
    '```',
    '',
  ].join('\n');
}
