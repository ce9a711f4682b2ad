import type { UiLanguage } from './languages';

/**
 * UI strings shown outside package.json (notifications, the chat view). English is the reference
 * catalogue; the others must provide every key, which the type below enforces at compile time.
 */
const en = {
  'chat.title': 'Akkhara',
  'chat.welcome':
    'Ask programming questions in Burmese or Bangla and get explanations in your language with Python code.',
  'chat.notReady':
    'Asking a model arrives in a later release. Today this view shows what is installed and where to look.',
  'chat.showLogs': 'Show logs',
  'chat.openSettings': 'Open settings',
  'chat.serverRunning': 'Language server: running',
  'chat.serverStopped': 'Language server: not running',
  'chat.serverStarting': 'Language server: starting…',
  'chat.serverFailed': 'Language server: failed to start',
  'error.serverStart': 'Akkhara could not start its language server.',
  'error.command': 'Akkhara: the command failed.',
  'action.showLogs': 'Show logs',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

const my: Catalogue = {
  'chat.title': 'အက္ခရာ',
  'chat.welcome':
    'ပရိုဂရမ်ရေးခြင်းဆိုင်ရာ မေးခွန်းများကို မြန်မာလို သို့မဟုတ် ဘင်္ဂါလီလို မေးပါ။ Python ကုဒ်နှင့်အတူ သင့်ဘာသာစကားဖြင့် ရှင်းပြချက်ကို ရရှိပါမည်။',
  'chat.notReady':
    'မော်ဒယ်ကို မေးမြန်းခြင်းကို နောက်ထွက်မည့်ဗားရှင်းတွင် ထည့်သွင်းပါမည်။ ယခုအခါ ဤမြင်ကွင်းသည် ထည့်သွင်းထားသည်များနှင့် ကြည့်ရှုရမည့်နေရာကို ပြသပါသည်။',
  'chat.showLogs': 'မှတ်တမ်းများကို ပြပါ',
  'chat.openSettings': 'ဆက်တင်များကို ဖွင့်ပါ',
  'chat.serverRunning': 'ဘာသာစကားဆာဗာ - လည်ပတ်နေသည်',
  'chat.serverStopped': 'ဘာသာစကားဆာဗာ - လည်ပတ်မနေပါ',
  'chat.serverStarting': 'ဘာသာစကားဆာဗာ - စတင်နေသည်…',
  'chat.serverFailed': 'ဘာသာစကားဆာဗာ - စတင်၍ မရပါ',
  'error.serverStart': 'အက္ခရာသည် ၎င်း၏ ဘာသာစကားဆာဗာကို စတင်၍ မရပါ။',
  'error.command': 'အက္ခရာ - အမိန့် မအောင်မြင်ပါ။',
  'action.showLogs': 'မှတ်တမ်းများကို ပြပါ',
};

const bn: Catalogue = {
  'chat.title': 'অক্ষর',
  'chat.welcome': 'বর্মি বা বাংলায় প্রোগ্রামিংয়ের প্রশ্ন করুন, আর Python কোডসহ আপনার ভাষায় ব্যাখ্যা পান।',
  'chat.notReady':
    'মডেলকে প্রশ্ন করার সুবিধা পরের সংস্করণে আসছে। এখন এই ভিউ দেখায় কী ইনস্টল করা আছে এবং কোথায় দেখতে হবে।',
  'chat.showLogs': 'লগ দেখুন',
  'chat.openSettings': 'সেটিংস খুলুন',
  'chat.serverRunning': 'ল্যাঙ্গুয়েজ সার্ভার: চলছে',
  'chat.serverStopped': 'ল্যাঙ্গুয়েজ সার্ভার: চলছে না',
  'chat.serverStarting': 'ল্যাঙ্গুয়েজ সার্ভার: চালু হচ্ছে…',
  'chat.serverFailed': 'ল্যাঙ্গুয়েজ সার্ভার: চালু করা যায়নি',
  'error.serverStart': 'অক্ষর তার ল্যাঙ্গুয়েজ সার্ভার চালু করতে পারেনি।',
  'error.command': 'অক্ষর: কমান্ডটি ব্যর্থ হয়েছে।',
  'action.showLogs': 'লগ দেখুন',
};

export const CATALOGUES: Readonly<Record<UiLanguage, Catalogue>> = { en, my, bn };

export function translate(language: UiLanguage, key: MessageKey): string {
  return CATALOGUES[language][key];
}
