import { analyzeText } from '../../src/core/analysis/findings';
import { readFileSync } from 'node:fs';
const docs: string[] = JSON.parse(readFileSync('/tmp/corpus.json', 'utf8'));
for (let k = 0; k < 8; k++) { const s = process.hrtime.bigint(); docs.map((d) => analyzeText(d, {kind:'markdown', target:'auto'})); console.log(Number(process.hrtime.bigint() - s) / 1e6); }
