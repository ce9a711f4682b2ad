/**
 * A stand-in model for `akkhara describe`, behind the loopback OpenAI-compatible server: asked for
 * line comments, it answers the code it was sent with a comment in the asked language above each
 * line (indented as the line); asked for a description, one sentence in that language. `faults`
 * turns chosen answers bad, as small models' answers go bad, so the checks have something to catch.
 */
import type { RecordedRequest } from './openaiServer';

export type DescribeFault = 'changes-code' | 'thai-comment' | 'english' | 'no-fence';

/** One sentence about the function named (each function's differs, as a model's would). */
const SENTENCE = {
  my: (name: string) => `ဤ function \`${name}\` သည် ကိန်းများကို တွက်ချက်ပြီး ရလဒ်ကို ပြန်ပေးသည်။`,
  bn: (name: string) => `এই ফাংশন \`${name}\` সংখ্যাগুলো হিসাব করে ফলাফল ফেরত দেয়।`,
} as const;

const COMMENT = { my: 'ဤစာကြောင်းသည် တန်ဖိုးကို တွက်သည်', bn: 'এই লাইনটি মান হিসাব করে' } as const;

/** The code the request sent, and whether it asks for comments (the instruction says `#`). */
export function describeRequest(request: RecordedRequest): {
  code: string;
  comments: boolean;
  language: 'my' | 'bn';
} {
  const user = request.body.messages.at(-1)!.content;
  const code = /```python\n([\s\S]*?)\n```$/.exec(user)?.[1] ?? '';
  return { code, comments: user.includes('(#'), language: /[\u0980-\u09ff]/.test(user) ? 'bn' : 'my' };
}

export function commentedCode(
  code: string,
  language: 'my' | 'bn',
  comment: string = COMMENT[language],
): string {
  // As a model that knows Python: no comment inside a multi-line string or after a backslash.
  let inString = false;
  let continued = false;
  return code
    .split('\n')
    .map((line) => {
      const commentable = line.trim() && !inString && !continued;
      if ((line.match(/"""|\'\'\'/g)?.length ?? 0) % 2 === 1) inString = !inString;
      continued = line.endsWith('\\');
      return commentable ? `${/^\s*/.exec(line)![0]}# ${comment}\n${line}` : line;
    })
    .join('\n');
}

/** The stand-in's answer; `fault` (when given for this request) makes it bad in that way. */
export function describingAnswer(request: RecordedRequest, fault?: DescribeFault): string {
  const { code, comments, language } = describeRequest(request);
  // No code in the question: asked to write the code a description describes (the round trip).
  if (!code && !comments) {
    const name = /`(\w+)`/.exec(request.body.messages.at(-1)!.content)?.[1] ?? 'main';
    return `${SENTENCE[language](name)}\n\n\`\`\`python\ndef ${name}(*args):\n    return None\n\`\`\`\n`;
  }
  const name = /def (\w+)/.exec(code)?.[1] ?? 'main';
  if (!comments) return fault === 'english' ? 'This function adds the numbers.' : SENTENCE[language](name);
  if (fault === 'no-fence') return commentedCode(code, language);
  if (fault === 'thai-comment')
    return `\`\`\`python\n${commentedCode(code, language, `${COMMENT[language]} คำนวณ`)}\n\`\`\``;
  const body = fault === 'changes-code' ? code.replace(/\+/g, '-').replace(/return /, 'return 1 + ') : code;
  return `\`\`\`python\n${commentedCode(body, language)}\n\`\`\``;
}
