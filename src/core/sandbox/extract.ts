/**
 * The program in a chat answer: the first Python (```python, ```py) or bare fenced block when the
 * answer has one, else the whole answer (a model that answered with bare code).
 */
import { segmentMarkdown } from '../analysis/markdown';

const PYTHON_FENCES = new Set(['python', 'py', 'python3', '']);

export function extractCode(answer: string): string {
  const block = segmentMarkdown(answer).find(
    (segment) => segment.kind === 'code' && PYTHON_FENCES.has(segment.language ?? ''),
  );
  return block ? answer.slice(block.start, block.end) : answer;
}
