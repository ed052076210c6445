import { test } from 'node:test';
import { runSteps } from './steps.js';

test('an event enters a contact at once; the window carries it out at the exact boundary', async () => {
  await runSteps({ now: '2026-03-01T12:00:00Z' }, [
    { segments: [{ name: 'Recent buyers', alias: 'recent', condition: 'performed purchase within 7d' }] },
    { members: { recent: [] } },
    { submit: [{ contact_id: 'ann', name: 'purchase', ts: '2026-03-01T10:00:00Z' }] },
    { members: { recent: ['ann'] } },
    { changes: ['+ recent ann 2026-03-01T12:00:00.000Z'] },
    { upcoming: { alias: 'recent', days: 10, expect: ['- ann 2026-03-08T10:00:00.001Z'] } },
    { clock: '2026-03-08T10:00:00Z' },
    { members: { recent: ['ann'] } },
    { changes: [] },
    { clock: '2026-03-09T00:00:00Z' },
    { members: { recent: [] } },
    { changes: ['- recent ann 2026-03-08T10:00:00.001Z'] },
  ]);
});

test('added to cart without buying within 48 h: enters when the gap has elapsed, a purchase in time keeps out', async () => {
  await runSteps({ now: '2026-05-10T00:00:00Z' }, [
    { segments: [{ name: 'Abandoned', alias: 'abandoned', condition: 'performed cart_add then not purchase gap 48h within 14d' }] },
    { submit: [
      { contact_id: 'bob', name: 'cart_add', ts: '2026-05-09T08:00:00Z' },
      { contact_id: 'cy', name: 'cart_add', ts: '2026-05-09T09:00:00Z' },
    ] },
    { members: { abandoned: [] } },
    { clock: '2026-05-10T12:00:00Z' },
    { submit: [{ contact_id: 'cy', name: 'purchase', ts: '2026-05-10T12:00:00Z' }] },
    { clock: '2026-05-12T00:00:00Z' },
    { members: { abandoned: ['bob'] } },
    { changes: ['+ abandoned bob 2026-05-11T08:00:00.000Z'] },
    { clock: '2026-05-24T00:00:00Z' },
    { members: { abandoned: [] } },
    { changes: ['- abandoned bob 2026-05-23T08:00:00.001Z'] },
  ]);
});

test('segments of segments follow in dependency order; manual decisions and definition edits move members at once', async () => {
  await runSteps({ now: '2026-01-10T00:00:00Z', fields: [{ key: 'points', label: 'Points', type: 'number' }] }, [
    { segments: [
      { name: 'Active', alias: 'active', condition: 'performed * within 30d' },
      { name: 'Rich', alias: 'rich', condition: 'points >= 100' },
      { name: 'Active rich', alias: 'active_rich', condition: 'in segment active and in segment rich' },
    ] },
    { contacts: [{ id: 'a', points: 150 }, { id: 'b', points: 50 }] },
    { members: { rich: ['a'], active_rich: [] } },
    { changes: ['+ rich a 2026-01-10T00:00:00.000Z'] },
    { submit: [{ contact_id: 'a', name: 'login', ts: '2026-01-09T00:00:00Z' }, { contact_id: 'b', name: 'login', ts: '2026-01-09T00:00:00Z' }] },
    { members: { active: ['a', 'b'], active_rich: ['a'] } },
    { changes: ['+ active a 2026-01-10T00:00:00.000Z', '+ active_rich a 2026-01-10T00:00:00.000Z', '+ active b 2026-01-10T00:00:00.000Z'] },
    { contacts: [{ id: 'b', points: 500 }] },
    { members: { active_rich: ['a', 'b'] } },
    { changes: ['+ rich b 2026-01-10T00:00:00.000Z', '+ active_rich b 2026-01-10T00:00:00.000Z'] },
    { manual: { alias: 'rich', ids: ['a'], mode: 'exclude' } },
    { members: { rich: ['b'], active_rich: ['b'] } },
    { changes: ['- rich a 2026-01-10T00:00:00.000Z', '- active_rich a 2026-01-10T00:00:00.000Z'] },
    { segments: [{ name: 'Rich', alias: 'rich', condition: 'points >= 1000' }] },
    { members: { rich: [], active_rich: [] } },
    { clock: '2026-02-08T00:00:00.001Z' },
    { members: { active: [] } },
  ]);
});

test('a write no segment reads changes nothing and leaves the contact\'s next boundary where it was', async () => {
  await runSteps({ now: '2026-03-01T12:00:00Z', fields: [{ key: 'nickname', label: 'Nickname', type: 'text' }] }, [
    { segments: [{ name: 'Recent buyers', alias: 'recent', condition: 'performed purchase within 7d' }] },
    { submit: [{ contact_id: 'ann', name: 'purchase', ts: '2026-03-01T10:00:00Z' }] },
    { changes: ['+ recent ann 2026-03-01T12:00:00.000Z'] },
    { clock: '2026-03-02T00:00:00Z' },
    { submit: [{ contact_id: 'ann', name: 'page_view', ts: '2026-03-02T00:00:00Z' }] },
    { contacts: [{ id: 'ann', nickname: 'Annie' }] },
    { members: { recent: ['ann'] } },
    { changes: [] },
    { upcoming: { alias: 'recent', days: 10, expect: ['- ann 2026-03-08T10:00:00.001Z'] } },
    { clock: '2026-03-09T00:00:00Z' },
    { members: { recent: [] } },
    { changes: ['- recent ann 2026-03-08T10:00:00.001Z'] },
  ]);
});

test('a write re-decides a segment over another with that one\'s membership held; the referenced boundary still carries both out on time', async () => {
  await runSteps({ now: '2026-03-01T12:00:00Z' }, [
    { segments: [
      { name: 'Recent buyers', alias: 'recent', condition: 'performed purchase within 7d' },
      { name: 'Browsing recent buyers', alias: 'browsing', condition: 'in segment recent and performed page_view within 1d' },
    ] },
    { submit: [{ contact_id: 'ann', name: 'purchase', ts: '2026-02-23T00:00:00Z' }, { contact_id: 'bo', name: 'page_view', ts: '2026-03-01T11:00:00Z' }] },
    { changes: ['+ recent ann 2026-03-01T12:00:00.000Z'] },
    // Only `browsing` reads page views: `recent` is not decided again, and its exit (due
    // sooner than the page view's) must stay on the schedule.
    { submit: [{ contact_id: 'ann', name: 'page_view', ts: '2026-03-01T12:00:00Z' }] },
    { changes: ['+ browsing ann 2026-03-01T12:00:00.000Z'] },
    { upcoming: { alias: 'browsing', days: 3, expect: ['- ann 2026-03-02T00:00:00.001Z'] } },
    { clock: '2026-03-03T00:00:00Z' },
    { members: { recent: [], browsing: [] } },
    { changes: ['- recent ann 2026-03-02T00:00:00.001Z', '- browsing ann 2026-03-02T00:00:00.001Z'] },
  ]);
});
