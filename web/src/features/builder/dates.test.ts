import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDate, describeWindow, formatDate, parseDate, parseDuration } from './dates.js';

test('relative dates read and write back as the language writes them', () => {
  for (const t of ['-1mo', '+2w', '-30d', '-12h', '-90m', 'now', 'today', 'today-1y', 'start_of_week-4w', 'start_of_month', 'now+2h', '2026-01-31', '2026-01-31T10:00:00Z']) {
    const p = parseDate(t);
    assert.ok(p, t);
    // `now+2h` is written as the bare offset `+2h`, which means the same.
    assert.equal(formatDate(p), t === 'now+2h' ? '+2h' : t);
  }
  assert.equal(parseDate('yesterday'), null);
  assert.equal(parseDate(''), null);
  assert.deepEqual(parseDate('-1mo'), { mode: 'relative', anchor: 'now', offset: { sign: -1, duration: { amount: 1, unit: 'mo' } } });
});

test('dates and windows in words', () => {
  assert.equal(describeDate('-1mo'), '1 month ago');
  assert.equal(describeDate('-3mo'), '3 months ago');
  assert.equal(describeDate('+2w'), 'in 2 weeks');
  assert.equal(describeDate('today-1y'), '1 year before today');
  assert.equal(describeDate('start_of_month'), 'start of this month');
  assert.equal(describeDate('2026-01-31'), '2026-01-31');
  assert.equal(describeWindow('30d'), 'in the last 30 days');
  assert.equal(describeWindow({ from: '-1y', to: '-90d' }), 'from 1 year ago to 90 days ago');
  assert.equal(describeWindow(undefined), 'at any time');
  assert.deepEqual(parseDuration('48h'), { amount: 48, unit: 'h' });
  assert.equal(parseDuration('48 hours'), null);
});
