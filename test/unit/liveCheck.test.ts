import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveCheck } from '../../src/core/tutor/liveCheck';

test('a streaming answer is checked on its complete lines, at most once per interval, never twice', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const checked: string[] = [];
  const live = new LiveCheck(250, (lines) => checked.push(lines));
  live.add('ဤ function သည် ');
  live.add('ပေါင်းသည်။ สวั');
  t.mock.timers.tick(250);
  assert.deepEqual(checked, [], 'no complete line yet: a half-streamed word is not checked');
  live.add('สดี\n\n```python\n');
  live.add('def add(a, b):');
  t.mock.timers.tick(100);
  assert.deepEqual(checked, [], 'within the interval');
  t.mock.timers.tick(150);
  assert.deepEqual(checked, ['ဤ function သည် ပေါင်းသည်။ สวัสดี\n\n```python\n']);
  live.add(' ');
  t.mock.timers.tick(250);
  assert.equal(checked.length, 1, 'nothing new complete: no second check');
  live.add('\n    return a + b\n');
  live.stop();
  t.mock.timers.tick(1000);
  assert.equal(checked.length, 1, 'stopped: the final check takes over');
});
