/**
 * A stand-in for the three models `akkhara synth` asks, behind the loopback OpenAI-compatible
 * server: asked for a new instruction from two pooled ones, it writes one in the asked language,
 * built from the two it was shown and the seed (so instructions differ, as a model's would); asked
 * as the model being trained, choice 0 answers well and choice 1 badly; asked as a judge, it prefers
 * the good answer in either order.
 */
import { createHash } from 'node:crypto';
import type { RecordedRequest } from './openaiServer';

const WORDS = {
  my: {
    things: ['စာရင်း', 'အဘိဓာန်', 'စာကြောင်း', 'ကိန်းပြည့်များ', 'စာလုံးများ', 'အမှတ်များ', 'ရက်စွဲများ', 'ဈေးနှုန်းများ'],
    tasks: ['အကြီးဆုံးကို ရှာပါ', 'စုစုပေါင်းကို တွက်ပါ', 'အစဉ်လိုက် စီပါ', 'ထပ်နေသည်များကို ဖယ်ပါ', 'ရေတွက်ပါ', 'ပြောင်းပြန်လှန်ပါ'],
    sentence: (thing: string, task: string, n: number) => `${thing} ${n} ခုထဲမှ ${task}။`,
  },
  bn: {
    things: ['তালিকা', 'অভিধান', 'বাক্য', 'পূর্ণসংখ্যাগুলো', 'অক্ষরগুলো', 'নম্বরগুলো', 'তারিখগুলো', 'দামগুলো'],
    tasks: [
      'সবচেয়ে বড়টি খুঁজুন',
      'মোট যোগফল বের করুন',
      'ক্রমানুসারে সাজান',
      'পুনরাবৃত্তি বাদ দিন',
      'গণনা করুন',
      'উল্টে দিন',
    ],
    sentence: (thing: string, task: string, n: number) => `${n}টি ${thing} থেকে ${task}।`,
  },
} as const;

export function synthesizingAnswer(request: RecordedRequest): string {
  const user = request.body.messages.at(-1)!.content;
  const language = /নির্দেশনা ১:/.test(user) ? 'bn' : /ညွှန်ကြားချက် ၁:/.test(user) ? 'my' : undefined;
  if (language) {
    const digest = createHash('sha256')
      .update(`${user}\u0000${request.body.seed ?? 0}`)
      .digest();
    const words = WORDS[language];
    return words.sentence(
      words.things[digest[0] % words.things.length],
      words.tasks[digest[1] % words.tasks.length],
      2 + (digest[2] % 50),
    );
  }
  if (user.includes('Answer 1:')) {
    const good = user.indexOf('GOOD');
    return JSON.stringify({ better: good >= 0 && good < user.indexOf('Answer 2:') ? 1 : 2 });
  }
  const good = (request.body.seed ?? 0) % 2 === 0;
  return `${good ? 'GOOD' : 'BAD'} ${/[\u0980-\u09ff]/.test(user) ? 'উত্তর' : 'ဖြေချက်'}\n\n\`\`\`python\ndef f(x):\n    return ${good ? 'x' : 'None'}\n\`\`\`\n`;
}
