/**
 * What a model failure means for the user and what to do, in the UI language. `where` is the
 * endpoint or model file; `detail` the server's own words.
 */
import type { UiLanguage } from '../languages';
import type { ModelErrorKind } from './types';

export interface ModelErrorArgs {
  readonly where: string;
  readonly model: string;
}

type Templates = Record<ModelErrorKind, (a: ModelErrorArgs) => string>;

const en: Templates = {
  auth: (a) => `${a.where} refused the API key. Check the key, or the variable that holds it.`,
  'not-found': (a) => `${a.where} has no model "${a.model}", or the address is wrong. Check both.`,
  'bad-request': (a) => `${a.where} rejected the request for "${a.model}".`,
  'rate-limit': (a) => `${a.where} is busy (too many requests), even after retrying. Try again later.`,
  server: (a) => `${a.where} failed while answering, even after retrying.`,
  connection: (a) => `Cannot reach ${a.where}. Is the server running, and is the address right?`,
  timeout: (a) => `${a.where} did not answer in time.`,
  interrupted: (a) => `The answer from ${a.where} was cut off before it ended. What arrived is kept.`,
  load: (a) =>
    `The model file ${a.where} could not be loaded. Check that it is a complete GGUF file, or choose another model.`,
  crashed: (a) =>
    `The model ${a.where} stopped while answering. It will be started again for the next question.`,
  download: (a) => `The model ${a.model} could not be downloaded.`,
  'bad-response': (a) =>
    `${a.where} answered, but not the way an OpenAI-compatible server streams an answer. Check the address (it usually ends in /v1), and that it is not a login page of the network.`,
  redirects: (a) =>
    `${a.where} sent the request on from address to address without end (too many redirects). Check the address.`,
};

const my: Templates = {
  auth: (a) => `${a.where} က API key ကို လက်မခံပါ။ key သို့မဟုတ် ၎င်းကို သိမ်းထားသော variable ကို စစ်ဆေးပါ။`,
  'not-found': (a) => `${a.where} တွင် "${a.model}" မော်ဒယ် မရှိပါ၊ သို့မဟုတ် လိပ်စာ မှားနေသည်။ နှစ်ခုလုံးကို စစ်ဆေးပါ။`,
  'bad-request': (a) => `${a.where} က "${a.model}" အတွက် တောင်းဆိုချက်ကို ငြင်းပယ်သည်။`,
  'rate-limit': (a) => `${a.where} သည် အလုပ်များနေသည် (တောင်းဆိုချက် များလွန်း)၊ ထပ်ကြိုးစားပြီးသည့်တိုင်။ နောက်မှ ထပ်ကြိုးစားပါ။`,
  server: (a) => `${a.where} သည် ဖြေဆိုနေစဉ် ချို့ယွင်းသွားသည်၊ ထပ်ကြိုးစားပြီးသည့်တိုင်။`,
  connection: (a) => `${a.where} ကို ဆက်သွယ်၍ မရပါ။ ဆာဗာ လည်ပတ်နေပါသလား၊ လိပ်စာ မှန်ပါသလား။`,
  timeout: (a) => `${a.where} သည် အချိန်မီ မဖြေပါ။`,
  interrupted: (a) => `${a.where} မှ အဖြေသည် မပြီးဆုံးမီ ပြတ်သွားသည်။ ရရှိပြီးသော အပိုင်းကို ထိန်းသိမ်းထားသည်။`,
  load: (a) => `မော်ဒယ်ဖိုင် ${a.where} ကို ဖွင့်၍ မရပါ။ ပြည့်စုံသော GGUF ဖိုင် ဟုတ်မဟုတ် စစ်ဆေးပါ၊ သို့မဟုတ် အခြားမော်ဒယ်ကို ရွေးပါ။`,
  crashed: (a) => `မော်ဒယ် ${a.where} သည် ဖြေဆိုနေစဉ် ရပ်သွားသည်။ နောက်မေးခွန်းအတွက် ပြန်စတင်ပါမည်။`,
  download: (a) => `မော်ဒယ် ${a.model} ကို ဒေါင်းလုဒ်လုပ်၍ မရပါ။`,
  'bad-response': (a) =>
    `${a.where} က ပြန်ဖြေသော်လည်း OpenAI နှင့် ကိုက်ညီသော ဆာဗာ အဖြေပို့သည့်ပုံစံ မဟုတ်ပါ။ လိပ်စာကို စစ်ဆေးပါ (များသောအားဖြင့် /v1 ဖြင့် ဆုံးသည်)၊ network ၏ login စာမျက်နှာ မဟုတ်ကြောင်းလည်း စစ်ဆေးပါ။`,
  redirects: (a) => `${a.where} က တောင်းဆိုချက်ကို လိပ်စာတစ်ခုမှ တစ်ခုသို့ အဆုံးမရှိ လွှဲပို့နေသည် (redirect များလွန်း)။ လိပ်စာကို စစ်ဆေးပါ။`,
};

const bn: Templates = {
  auth: (a) => `${a.where} API key গ্রহণ করেনি। key, অথবা যে variable-এ সেটি রাখা আছে, তা যাচাই করুন।`,
  'not-found': (a) => `${a.where}-এ "${a.model}" মডেল নেই, অথবা ঠিকানাটি ভুল। দুটোই যাচাই করুন।`,
  'bad-request': (a) => `${a.where} "${a.model}"-এর অনুরোধটি প্রত্যাখ্যান করেছে।`,
  'rate-limit': (a) => `${a.where} ব্যস্ত (অনেক বেশি অনুরোধ), আবার চেষ্টার পরেও। পরে আবার চেষ্টা করুন।`,
  server: (a) => `উত্তর দেওয়ার সময় ${a.where} ব্যর্থ হয়েছে, আবার চেষ্টার পরেও।`,
  connection: (a) => `${a.where}-এ পৌঁছানো যাচ্ছে না। সার্ভার কি চালু আছে, ঠিকানা কি ঠিক?`,
  timeout: (a) => `${a.where} সময়মতো উত্তর দেয়নি।`,
  interrupted: (a) => `${a.where} থেকে উত্তরটি শেষ হওয়ার আগেই কেটে গেছে। যা এসেছে তা রাখা হয়েছে।`,
  load: (a) =>
    `মডেল ফাইল ${a.where} লোড করা যায়নি। এটি সম্পূর্ণ GGUF ফাইল কিনা যাচাই করুন, অথবা অন্য মডেল বেছে নিন।`,
  crashed: (a) => `উত্তর দেওয়ার সময় মডেল ${a.where} থেমে গেছে। পরের প্রশ্নের জন্য এটি আবার চালু হবে।`,
  download: (a) => `মডেল ${a.model} ডাউনলোড করা যায়নি।`,
  'bad-response': (a) =>
    `${a.where} উত্তর দিয়েছে, কিন্তু OpenAI-সামঞ্জস্যপূর্ণ সার্ভার যেভাবে উত্তর পাঠায় সেভাবে নয়। ঠিকানাটি যাচাই করুন (সাধারণত /v1 দিয়ে শেষ হয়), এবং এটি নেটওয়ার্কের লগইন পাতা নয় কিনা দেখুন।`,
  redirects: (a) =>
    `${a.where} অনুরোধটিকে এক ঠিকানা থেকে আরেক ঠিকানায় অবিরাম পাঠাচ্ছে (অনেক বেশি redirect)। ঠিকানাটি যাচাই করুন।`,
};

const TEMPLATES: Readonly<Record<UiLanguage, Templates>> = { en, my, bn };

export function modelErrorMessage(language: UiLanguage, kind: ModelErrorKind, args: ModelErrorArgs): string {
  return TEMPLATES[language][kind](args);
}

/** A busy server (429, 503) and the wait before asking again, said while it happens. */
export function busyWaitMessage(language: UiLanguage, status: number, waitMs: number): string {
  const seconds = Math.max(1, Math.round(waitMs / 1000));
  return {
    en: `the server is busy (HTTP ${status}); asking again in ${seconds} s (Ctrl+C or Stop ends it)`,
    my: `ဆာဗာ အလုပ်များနေသည် (HTTP ${status})၊ ${seconds} စက္ကန့်အကြာတွင် ထပ်မေးမည် (Ctrl+C သို့မဟုတ် Stop ဖြင့် ရပ်နိုင်သည်)`,
    bn: `সার্ভার ব্যস্ত (HTTP ${status}); ${seconds} সেকেন্ড পরে আবার জিজ্ঞাসা করা হবে (Ctrl+C বা Stop দিয়ে থামানো যায়)`,
  }[language];
}
