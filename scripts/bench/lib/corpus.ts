/** The generated Burmese/Bangla/English/Python Markdown corpus the analysis benchmarks read. */
import { random } from '../../../test/support/random';

const BURMESE = [
  'ပေါင်းလဒ်',
  'စာရင်း',
  'ကိန်းဂဏန်း',
  'တွက်ချက်',
  'ပြန်ပေးသည်',
  'လုပ်ဆောင်ချက်',
  'အသုံးပြု၍',
  'ရလဒ်',
  'ကွင်းဆက်',
  'စစ်ဆေးပါ။',
];
const BANGLA = ['তালিকার', 'যোগফল', 'সংখ্যা', 'ফাংশন', 'ফেরত', 'দেয়।', 'ব্যবহার', 'করুন', 'লুপ', 'র‍্যাব'];
const ENGLISH = ['list', 'sum()', 'return', 'Python', 'index', 'string', 'loop', 'n-তম', 'S-এর'];
const THAI = ['ขอบคุณ', 'สวัสดี'];

/**
 * Documents of about `documentBytes` (UTF-8), each in one language as course material is, alternately
 * Burmese and Bangla, `totalBytes` in all; from a fixed seed, so every run sees the same text.
 */
export function corpus(totalBytes: number, documentBytes = 64 * 1024): string[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const documents: string[] = [];
  let total = 0;
  while (total < totalBytes) {
    const native = documents.length % 2 === 0 ? BURMESE : BANGLA;
    const digit = native === BURMESE ? '၁၂' : '১২';
    const parts: string[] = [];
    let bytes = 0;
    while (bytes < documentBytes) {
      const words: string[] = [];
      for (let i = 0; i < 40; i++) {
        const r = next();
        words.push(
          r < 0.75
            ? pick(native)
            : r < 0.97
              ? pick(ENGLISH)
              : r < 0.995
                ? `\`${pick(ENGLISH)}\``
                : pick(THAI),
        );
      }
      const value = next() < 0.1 ? digit : '12';
      const code = `\`\`\`python\ndef total(numbers):\n    \"\"\"${pick(native)} ${pick(native)}\"\"\"\n    return sum(numbers) + ${value}  # ${pick(native)}\n\`\`\`\n`;
      const paragraph = `## ${pick(native)}\n\n${words.join(' ')}\n\n${code}\n`;
      parts.push(paragraph);
      bytes += Buffer.byteLength(paragraph);
    }
    documents.push(parts.join(''));
    total += bytes;
  }
  return documents;
}
