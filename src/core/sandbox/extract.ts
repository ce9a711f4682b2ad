/**
 * The program in a chat answer: the first Python (```python, ```py) or bare fenced block when the
 * answer has one, exactly as fenced; else the whole answer (a model that answered with bare code)
 * without its surrounding white space, as the standard harnesses take a bare response (a first
 * line that starts with a space would otherwise be an IndentationError).
 */
import { segmentMarkdown } from '../analysis/markdown';

const PYTHON_FENCES = new Set(['python', 'py', 'python3', '']);

/** The answer's code, and whether it came from a fenced block. */
export function extractCodeBlock(answer: string): { code: string; fenced: boolean } {
  const block = segmentMarkdown(answer).find(
    (segment) => segment.kind === 'code' && PYTHON_FENCES.has(segment.language ?? ''),
  );
  if (block) return { code: answer.slice(block.start, block.end), fenced: true };
  const bare = answer.trim();
  return { code: bare ? `${bare}\n` : '', fenced: false };
}

export function extractCode(answer: string): string {
  return extractCodeBlock(answer).code;
}
