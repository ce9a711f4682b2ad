/**
 * What `akkhara chat` says around the model's answers, in the UI language (AKKHARA_UI_LANG, else
 * the locale): a student who asks in Burmese or Bangla reads the tutor's own words in it too.
 */
import type { UiLanguage } from '../core/languages';
import type { RepairStop } from '../core/tutor/repair';

export interface ChatStrings {
  readonly help: string;
  readonly stops: Readonly<Record<RepairStop, string>>;
  readonly newConversation: string;
  readonly unknownCommand: (name: string) => string;
  readonly nothingToRun: string;
  readonly noCode: string;
  readonly noTests: string;
  readonly runFirst: string;
  readonly alreadyPass: string;
  readonly repairRound: (round: number) => string;
  readonly stoppedKept: string;
  readonly tokenLimit: string;
  readonly dropped: (turns: number) => string;
  readonly languageCheck: (problems: number, mixPenalty: number) => string;
  readonly tooLong: (detail: string) => string;
  readonly howToLeave: string;
  readonly langHint: string;
}

const en: ChatStrings = {
  help: [
    'Ask in Burmese or Bangla; follow-up questions keep the conversation.',
    '  /run   run the last answer’s tests in the sandbox',
    '  /fix   ask again with the failing tests until they pass (--repair rounds)',
    '  /new   start a new conversation',
    '  /help  this list;  Ctrl+C stops an answer;  Ctrl+D or /exit leaves',
  ].join('\n'),
  stops: {
    passed: 'the tests pass now',
    'same-code': 'the model gave the same code again; stopped',
    'rounds-used': 'the rounds are used up and the tests still fail',
    'not-the-code': 'the sandbox failed, not the code; nothing to repair',
    'no-code': 'the model gave no Python code; stopped, earlier rounds kept',
    'model-failed': 'the model failed; stopped, earlier rounds kept',
    stopped: 'stopped; earlier rounds kept',
  },
  newConversation: '(a new conversation)',
  unknownCommand: (name) => `unknown command ${name}; /help lists them`,
  nothingToRun: 'nothing to run yet: ask a question first',
  noCode: 'the last answer has no Python code to run',
  noTests: 'no tests to run: put assert lines in your question, or start the chat with --tests FILE',
  runFirst: 'run the tests first (/run); /fix repairs with their failures',
  alreadyPass: 'the tests already pass',
  repairRound: (round) => `── repair round ${round}`,
  stoppedKept: '(stopped; what arrived is kept)',
  tokenLimit: '(the answer hit the token limit and may be cut short)',
  dropped: (turns) =>
    `(the oldest ${turns === 1 ? 'turn' : `${turns} turns`} no longer fit the model’s context and ${turns === 1 ? 'was' : 'were'} left out)`,
  languageCheck: (problems, mixPenalty) =>
    `language check: ${problems} ${problems === 1 ? 'problem' : 'problems'}, mix penalty ${mixPenalty}/4`,
  tooLong: (detail) => `the question is too long for this model: ${detail}`,
  howToLeave: '(Ctrl+D or /exit leaves)',
  langHint: '(--lang my or --lang bn)',
};

const my: ChatStrings = {
  help: [
    'မြန်မာ သို့မဟုတ် ဘင်္ဂါလီဘာသာဖြင့် မေးပါ။ နောက်ဆက်တွဲ မေးခွန်းများသည် စကားဝိုင်းကို ဆက်ထိန်းထားသည်။',
    '  /run   နောက်ဆုံးအဖြေ၏ စမ်းသပ်ချက်များကို sandbox တွင် run မည်',
    '  /fix   မအောင်မြင်သော စမ်းသပ်ချက်များဖြင့် အောင်မြင်သည်အထိ ထပ်မေးမည် (--repair အကြိမ်)',
    '  /new   စကားဝိုင်းအသစ် စမည်',
    '  /help  ဤစာရင်း;  Ctrl+C အဖြေကို ရပ်သည်;  Ctrl+D သို့မဟုတ် /exit ထွက်သည်',
  ].join('\n'),
  stops: {
    passed: 'စမ်းသပ်ချက်များ ယခု အောင်မြင်ပြီ',
    'same-code': 'မော်ဒယ်က ကုဒ်တူကို ထပ်ပေးသည်။ ရပ်လိုက်သည်',
    'rounds-used': 'အကြိမ်ရေ ကုန်သွားပြီး စမ်းသပ်ချက်များ မအောင်မြင်သေးပါ',
    'not-the-code': 'ကုဒ်မဟုတ်ဘဲ sandbox က မအောင်မြင်ပါ။ ပြင်စရာ မရှိပါ',
    'no-code': 'မော်ဒယ်က Python ကုဒ် မပေးပါ။ ရပ်လိုက်သည်၊ ယခင်အကြိမ်များကို သိမ်းထားသည်',
    'model-failed': 'မော်ဒယ် မအောင်မြင်ပါ။ ရပ်လိုက်သည်၊ ယခင်အကြိမ်များကို သိမ်းထားသည်',
    stopped: 'ရပ်လိုက်သည်။ ယခင်အကြိမ်များကို သိမ်းထားသည်',
  },
  newConversation: '(စကားဝိုင်းအသစ်)',
  unknownCommand: (name) => `မသိသော command ${name}။ /help တွင် စာရင်းရှိသည်`,
  nothingToRun: 'run စရာ မရှိသေးပါ - ဦးစွာ မေးခွန်းတစ်ခု မေးပါ',
  noCode: 'နောက်ဆုံးအဖြေတွင် run စရာ Python ကုဒ် မရှိပါ',
  noTests: 'run စရာ စမ်းသပ်ချက် မရှိပါ - မေးခွန်းတွင် assert စာကြောင်းများ ထည့်ပါ၊ သို့မဟုတ် chat ကို --tests FILE ဖြင့် စပါ',
  runFirst: 'ဦးစွာ စမ်းသပ်ချက်များကို run ပါ (/run)။ /fix သည် မအောင်မြင်ချက်များဖြင့် ပြင်သည်',
  alreadyPass: 'စမ်းသပ်ချက်များ အောင်မြင်ပြီးသား ဖြစ်သည်',
  repairRound: (round) => `── ပြင်ဆင်မှု အကြိမ် ${round}`,
  stoppedKept: '(ရပ်လိုက်သည်။ ရောက်ပြီးသမျှကို သိမ်းထားသည်)',
  tokenLimit: '(အဖြေသည် token ကန့်သတ်ချက်သို့ ရောက်သွားသဖြင့် ပြတ်နေနိုင်သည်)',
  dropped: (turns) => `(အစောဆုံး အလှည့် ${turns} ခုသည် မော်ဒယ်၏ context တွင် မဆံ့တော့သဖြင့် ချန်ထားခဲ့သည်)`,
  languageCheck: (problems, mixPenalty) =>
    `ဘာသာစကား စစ်ဆေးချက် - ပြဿနာ ${problems} ခု၊ ရောနှောမှု အမှတ် ${mixPenalty}/4`,
  tooLong: (detail) => `မေးခွန်းသည် ဤမော်ဒယ်အတွက် ရှည်လွန်းသည် - ${detail}`,
  howToLeave: '(Ctrl+D သို့မဟုတ် /exit ဖြင့် ထွက်ပါ)',
  langHint: '(--lang my သို့မဟုတ် --lang bn)',
};

const bn: ChatStrings = {
  help: [
    'বাংলা বা বর্মিতে প্রশ্ন করুন; পরের প্রশ্নগুলো কথোপকথন ধরে রাখে।',
    '  /run   শেষ উত্তরের টেস্ট স্যান্ডবক্সে চালান',
    '  /fix   ব্যর্থ টেস্ট দিয়ে আবার জিজ্ঞেস করুন, যতক্ষণ না পাস করে (--repair বার)',
    '  /new   নতুন কথোপকথন শুরু করুন',
    '  /help  এই তালিকা;  Ctrl+C উত্তর থামায়;  Ctrl+D বা /exit বেরিয়ে যায়',
  ].join('\n'),
  stops: {
    passed: 'টেস্টগুলো এখন পাস করছে',
    'same-code': 'মডেল আবার একই কোড দিয়েছে; থামানো হলো',
    'rounds-used': 'রাউন্ড শেষ, টেস্ট এখনও ব্যর্থ',
    'not-the-code': 'কোড নয়, স্যান্ডবক্স ব্যর্থ হয়েছে; ঠিক করার কিছু নেই',
    'no-code': 'মডেল কোনো Python কোড দেয়নি; থামানো হলো, আগের রাউন্ড রাখা হয়েছে',
    'model-failed': 'মডেল ব্যর্থ হয়েছে; থামানো হলো, আগের রাউন্ড রাখা হয়েছে',
    stopped: 'থামানো হলো; আগের রাউন্ড রাখা হয়েছে',
  },
  newConversation: '(নতুন কথোপকথন)',
  unknownCommand: (name) => `অজানা কমান্ড ${name}; /help তালিকা দেখায়`,
  nothingToRun: 'এখনও চালানোর কিছু নেই: আগে একটি প্রশ্ন করুন',
  noCode: 'শেষ উত্তরে চালানোর মতো Python কোড নেই',
  noTests: 'চালানোর মতো টেস্ট নেই: প্রশ্নে assert লাইন দিন, অথবা --tests FILE দিয়ে chat শুরু করুন',
  runFirst: 'আগে টেস্ট চালান (/run); /fix ব্যর্থতাগুলো দিয়ে ঠিক করে',
  alreadyPass: 'টেস্টগুলো আগেই পাস করছে',
  repairRound: (round) => `── সংশোধনের রাউন্ড ${round}`,
  stoppedKept: '(থামানো হলো; যা এসেছে তা রাখা হয়েছে)',
  tokenLimit: '(উত্তর টোকেন সীমায় পৌঁছেছে, কেটে যেতে পারে)',
  dropped: (turns) => `(সবচেয়ে পুরনো ${turns}টি পালা মডেলের context-এ আর ধরেনি, তাই বাদ দেওয়া হয়েছে)`,
  languageCheck: (problems, mixPenalty) => `ভাষা পরীক্ষা: ${problems}টি সমস্যা, মিশ্রণ শাস্তি ${mixPenalty}/4`,
  tooLong: (detail) => `প্রশ্নটি এই মডেলের জন্য খুব লম্বা: ${detail}`,
  howToLeave: '(Ctrl+D বা /exit দিয়ে বেরোন)',
  langHint: '(--lang my বা --lang bn)',
};

export const CHAT_STRINGS: Readonly<Record<UiLanguage, ChatStrings>> = { en, my, bn };
