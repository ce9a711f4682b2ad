import { segmentMarkdown } from '../../src/core/analysis/markdown';
import { tokenizePython } from '../../src/core/analysis/python';
import { zawgyiProbability } from '../../src/core/analysis/zawgyi';
import { analyzeText } from '../../src/core/analysis/findings';
import { readFileSync } from 'node:fs';
const docs: string[] = JSON.parse(readFileSync('/tmp/corpus.json', 'utf8'));
function t(name: string, f: () => unknown) { f(); const s = process.hrtime.bigint(); f(); f(); f(); console.log(name, (Number(process.hrtime.bigint() - s) / 3e6).toFixed(1), 'ms'); }
t('normalize', () => docs.map((d) => d.normalize('NFC') === d));
t('segment', () => docs.map((d) => segmentMarkdown(d)));
t('python', () => docs.map((d) => segmentMarkdown(d).filter(s=>s.kind==='code').map(s=>tokenizePython(d, s.start, s.end))));
t('zawgyi', () => docs.map((d) => d.split('\n').map(l => /[\u1000-\u109f]/.test(l) ? zawgyiProbability(l) : 0)));
t('analyze', () => docs.map((d) => analyzeText(d, {kind:'markdown', target:'auto'})));
