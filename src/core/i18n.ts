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
    'Answers come from the model in Akkhara’s settings: a model on this computer (Akkhara: Download Model) or a server.',
  'chat.placeholder': 'Ask in Burmese or Bangla… (Ctrl+Enter to send)',
  'chat.ask': 'Ask',
  'chat.downloadModel': 'Download the model',
  'chat.languageCheck': 'Language check: problems',
  'chat.mixPenalty': 'mix penalty',
  'chat.stop': 'Stop',
  'chat.stopped': 'Stopped: the answer is incomplete.',
  'chat.cutShort': 'The answer reached its length limit and may be cut short.',
  'chat.noLanguage':
    'Write the question in Burmese or Bangla, or choose the answer language in the settings.',
  'chat.noEndpoint':
    'Set the server’s address (akkhara.model.endpoint) and model name (akkhara.model.name) first.',
  'chat.noModel':
    'No model yet: run “Akkhara: Download Model” once, or set akkhara.model.localPath to a GGUF file.',
  'chat.untrusted':
    'Akkhara runs a model on this computer only in a trusted workspace. Trust this folder, or use a server.',
  'chat.showLogs': 'Show logs',
  'chat.openSettings': 'Open settings',
  'chat.serverRunning': 'Language server: running',
  'chat.serverStopped': 'Language server: not running',
  'chat.serverStarting': 'Language server: starting…',
  'chat.serverFailed': 'Language server: failed to start',
  'error.serverStart': 'Akkhara could not start its language server.',
  'error.command': 'Akkhara: the command failed.',
  'action.showLogs': 'Show logs',
  'model.pick': 'Choose a model to download (once; it then runs on this computer)',
  'model.recommended': 'recommended for your language',
  'model.downloading': 'Akkhara: downloading',
  'model.ready': 'Akkhara: the model is ready:',
  'model.alreadyThere': 'Akkhara: the model is already downloaded:',
  'model.downloadFailed': 'Akkhara: the model could not be downloaded.',
  'apiKey.noEndpoint': 'Akkhara: set akkhara.model.endpoint first; the key belongs to that server.',
  'apiKey.prompt':
    'API key for this server. It is kept in VS Code’s secret storage. Leave empty to remove it.',
  'apiKey.saved': 'Akkhara: the API key is saved in VS Code’s secret storage.',
  'apiKey.removed': 'Akkhara: the API key is removed.',
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

const my: Catalogue = {
  'chat.title': 'အက္ခရာ',
  'chat.welcome':
    'ပရိုဂရမ်ရေးခြင်းဆိုင်ရာ မေးခွန်းများကို မြန်မာလို သို့မဟုတ် ဘင်္ဂါလီလို မေးပါ။ Python ကုဒ်နှင့်အတူ သင့်ဘာသာစကားဖြင့် ရှင်းပြချက်ကို ရရှိပါမည်။',
  'chat.notReady':
    'အဖြေများသည် အက္ခရာ၏ ဆက်တင်ရှိ မော်ဒယ်မှ လာသည် - ဤကွန်ပျူတာပေါ်ရှိ မော်ဒယ် (Akkhara: Download Model) သို့မဟုတ် ဆာဗာ။',
  'chat.placeholder': 'မြန်မာလို သို့မဟုတ် ဘင်္ဂါလီလို မေးပါ… (ပို့ရန် Ctrl+Enter)',
  'chat.ask': 'မေးမည်',
  'chat.downloadModel': 'မော်ဒယ်ကို ဒေါင်းလုဒ်လုပ်မည်',
  'chat.languageCheck': 'ဘာသာစကား စစ်ဆေးချက် - ပြဿနာ',
  'chat.mixPenalty': 'စာရောနှောမှု အမှတ်',
  'chat.stop': 'ရပ်မည်',
  'chat.stopped': 'ရပ်လိုက်သည် - အဖြေ မပြည့်စုံပါ။',
  'chat.cutShort': 'အဖြေသည် အရှည်ကန့်သတ်ချက်သို့ ရောက်သွားသဖြင့် ပြတ်နေနိုင်သည်။',
  'chat.noLanguage': 'မေးခွန်းကို မြန်မာလို သို့မဟုတ် ဘင်္ဂါလီလို ရေးပါ၊ သို့မဟုတ် ဆက်တင်တွင် အဖြေဘာသာစကားကို ရွေးပါ။',
  'chat.noEndpoint': 'ဆာဗာလိပ်စာ (akkhara.model.endpoint) နှင့် မော်ဒယ်အမည် (akkhara.model.name) ကို ဦးစွာ သတ်မှတ်ပါ။',
  'chat.noModel':
    'မော်ဒယ် မရှိသေးပါ - “Akkhara: Download Model” ကို တစ်ကြိမ် လုပ်ပါ၊ သို့မဟုတ် akkhara.model.localPath ကို GGUF ဖိုင်သို့ ညွှန်ပါ။',
  'chat.untrusted':
    'အက္ခရာသည် ယုံကြည်ရသော workspace တွင်သာ ဤကွန်ပျူတာပေါ်၌ မော်ဒယ်ကို လည်ပတ်စေသည်။ ဤဖိုဒါကို ယုံကြည်ပါ၊ သို့မဟုတ် ဆာဗာကို သုံးပါ။',
  'chat.showLogs': 'မှတ်တမ်းများကို ပြပါ',
  'chat.openSettings': 'ဆက်တင်များကို ဖွင့်ပါ',
  'chat.serverRunning': 'ဘာသာစကားဆာဗာ - လည်ပတ်နေသည်',
  'chat.serverStopped': 'ဘာသာစကားဆာဗာ - လည်ပတ်မနေပါ',
  'chat.serverStarting': 'ဘာသာစကားဆာဗာ - စတင်နေသည်…',
  'chat.serverFailed': 'ဘာသာစကားဆာဗာ - စတင်၍ မရပါ',
  'error.serverStart': 'အက္ခရာသည် ၎င်း၏ ဘာသာစကားဆာဗာကို စတင်၍ မရပါ။',
  'error.command': 'အက္ခရာ - အမိန့် မအောင်မြင်ပါ။',
  'action.showLogs': 'မှတ်တမ်းများကို ပြပါ',
  'model.pick': 'ဒေါင်းလုဒ်လုပ်မည့် မော်ဒယ်ကို ရွေးပါ (တစ်ကြိမ်သာ၊ ထို့နောက် ဤကွန်ပျူတာပေါ်တွင် လည်ပတ်မည်)',
  'model.recommended': 'သင့်ဘာသာစကားအတွက် အကြံပြုထားသည်',
  'model.downloading': 'အက္ခရာ - ဒေါင်းလုဒ်လုပ်နေသည်',
  'model.ready': 'အက္ခရာ - မော်ဒယ် အသင့်ဖြစ်ပါပြီ -',
  'model.alreadyThere': 'အက္ခရာ - မော်ဒယ်ကို ဒေါင်းလုဒ်လုပ်ပြီးသား ဖြစ်သည် -',
  'model.downloadFailed': 'အက္ခရာ - မော်ဒယ်ကို ဒေါင်းလုဒ်လုပ်၍ မရပါ။',
  'apiKey.noEndpoint': 'အက္ခရာ - akkhara.model.endpoint ကို ဦးစွာ သတ်မှတ်ပါ။ key သည် ထိုဆာဗာအတွက် ဖြစ်သည်။',
  'apiKey.prompt': 'ဤဆာဗာအတွက် API key။ VS Code ၏ လျှို့ဝှက်သိုလှောင်ရာတွင် သိမ်းထားမည်။ ဖယ်ရှားရန် အလွတ်ထားပါ။',
  'apiKey.saved': 'အက္ခရာ - API key ကို VS Code ၏ လျှို့ဝှက်သိုလှောင်ရာတွင် သိမ်းပြီးပါပြီ။',
  'apiKey.removed': 'အက္ခရာ - API key ကို ဖယ်ရှားပြီးပါပြီ။',
};

const bn: Catalogue = {
  'chat.title': 'অক্ষর',
  'chat.welcome': 'বর্মি বা বাংলায় প্রোগ্রামিংয়ের প্রশ্ন করুন, আর Python কোডসহ আপনার ভাষায় ব্যাখ্যা পান।',
  'chat.notReady':
    'উত্তর আসে অক্ষরের সেটিংসের মডেল থেকে: এই কম্পিউটারের মডেল (Akkhara: Download Model) অথবা একটি সার্ভার।',
  'chat.placeholder': 'বাংলা বা বর্মিতে প্রশ্ন করুন… (পাঠাতে Ctrl+Enter)',
  'chat.ask': 'জিজ্ঞাসা করুন',
  'chat.downloadModel': 'মডেল ডাউনলোড করুন',
  'chat.languageCheck': 'ভাষা যাচাই: সমস্যা',
  'chat.mixPenalty': 'মিশ্রণ পেনাল্টি',
  'chat.stop': 'থামান',
  'chat.stopped': 'থামানো হয়েছে: উত্তরটি অসম্পূর্ণ।',
  'chat.cutShort': 'উত্তরটি দৈর্ঘ্যের সীমায় পৌঁছেছে, তাই অসম্পূর্ণ হতে পারে।',
  'chat.noLanguage': 'প্রশ্নটি বাংলা বা বর্মিতে লিখুন, অথবা সেটিংসে উত্তরের ভাষা বেছে নিন।',
  'chat.noEndpoint':
    'আগে সার্ভারের ঠিকানা (akkhara.model.endpoint) ও মডেলের নাম (akkhara.model.name) সেট করুন।',
  'chat.noModel':
    'এখনও কোনো মডেল নেই: একবার “Akkhara: Download Model” চালান, অথবা akkhara.model.localPath-এ একটি GGUF ফাইল দিন।',
  'chat.untrusted':
    'অক্ষর শুধু বিশ্বস্ত workspace-এ এই কম্পিউটারে মডেল চালায়। এই ফোল্ডারটিকে বিশ্বাস করুন, অথবা একটি সার্ভার ব্যবহার করুন।',
  'chat.showLogs': 'লগ দেখুন',
  'chat.openSettings': 'সেটিংস খুলুন',
  'chat.serverRunning': 'ল্যাঙ্গুয়েজ সার্ভার: চলছে',
  'chat.serverStopped': 'ল্যাঙ্গুয়েজ সার্ভার: চলছে না',
  'chat.serverStarting': 'ল্যাঙ্গুয়েজ সার্ভার: চালু হচ্ছে…',
  'chat.serverFailed': 'ল্যাঙ্গুয়েজ সার্ভার: চালু করা যায়নি',
  'error.serverStart': 'অক্ষর তার ল্যাঙ্গুয়েজ সার্ভার চালু করতে পারেনি।',
  'error.command': 'অক্ষর: কমান্ডটি ব্যর্থ হয়েছে।',
  'action.showLogs': 'লগ দেখুন',
  'model.pick': 'ডাউনলোড করার মডেল বেছে নিন (একবারই; তারপর এটি এই কম্পিউটারে চলবে)',
  'model.recommended': 'আপনার ভাষার জন্য প্রস্তাবিত',
  'model.downloading': 'অক্ষর: ডাউনলোড হচ্ছে',
  'model.ready': 'অক্ষর: মডেল প্রস্তুত:',
  'model.alreadyThere': 'অক্ষর: মডেলটি আগেই ডাউনলোড করা আছে:',
  'model.downloadFailed': 'অক্ষর: মডেলটি ডাউনলোড করা যায়নি।',
  'apiKey.noEndpoint': 'অক্ষর: আগে akkhara.model.endpoint সেট করুন; key-টি সেই সার্ভারের জন্য।',
  'apiKey.prompt': 'এই সার্ভারের API key। এটি VS Code-এর গোপন সংরক্ষণে রাখা হবে। মুছতে খালি রাখুন।',
  'apiKey.saved': 'অক্ষর: API key VS Code-এর গোপন সংরক্ষণে রাখা হয়েছে।',
  'apiKey.removed': 'অক্ষর: API key মুছে ফেলা হয়েছে।',
};

export const CATALOGUES: Readonly<Record<UiLanguage, Catalogue>> = { en, my, bn };

export function translate(language: UiLanguage, key: MessageKey): string {
  return CATALOGUES[language][key];
}
