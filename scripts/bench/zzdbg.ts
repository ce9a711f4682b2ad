import { analyzeText } from '../../src/core/analysis/findings';
for (const t of ['အ၀တ် ဝယ်ပါ', '၀င်ငွေ', '၇ေး']) console.log(t, JSON.stringify(analyzeText(t, { kind: 'plaintext', target: 'auto' })));
