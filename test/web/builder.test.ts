import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { NARROW, ROOT, WIDE, call, launch, serve, shot, signedIn, type Served } from './harness.js';

// The segment builder in a real browser against a real `segmint serve` with a small
// seeded workspace. A marketer builds a nested segment; the total and every group's and
// row's count must equal what `segmint count` says for the same subtree (the CLI, run on
// the same data directory, goes through the running server). Then the definition as
// text: a mistake is underlined at its line and column, the fix is counted, and back in
// the builder the tree carries the edit. Then it is saved. Moves by keyboard and by drag
// keep every other row's values. Screenshots go to test-output/screenshots/builder-*.

const NOW = '2026-03-15T10:00:00Z';

const FIELDS = [
  { key: 'city', label: 'City', type: 'select', options: ['Zürich', 'Bern', 'Genève', 'Basel'] },
  { key: 'points', label: 'Points', type: 'number' },
  { key: 'birth_date', label: 'Birth date', type: 'date' },
  { key: 'tier', label: 'Tier', type: 'select', options: ['Silver', 'Gold'] },
  { key: 'interests', label: 'Interests', type: 'multiselect', options: ['shoes', 'bags', 'hats'] },
  { key: 'newsletter', label: 'Newsletter', type: 'boolean' },
];

const CITIES = ['Zürich', 'Bern', 'Genève', 'Basel'];
const DAY = 86_400_000;

/** 60 contacts and their events: a purchase count that grows with the id, carts, page views. */
function workspace(): { contacts: Record<string, unknown>[]; events: Record<string, unknown>[] } {
  const contacts: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const now = Date.parse(NOW);
  for (let i = 1; i <= 60; i++) {
    const id = `c${String(i).padStart(3, '0')}`;
    const year = 1960 + ((i * 7) % 45);
    contacts.push({
      id, email: i % 5 === 0 ? '' : `${id}@example.com`, first_name: `Name${i}`,
      city: CITIES[i % 4], points: (i * 37) % 1000, birth_date: `${year}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      tier: i % 3 === 0 ? 'Gold' : 'Silver', interests: [['shoes'], ['bags'], ['shoes', 'hats'], []][i % 4],
      newsletter: i % 2 === 0, tags: i % 7 === 0 ? ['vip'] : [],
    });
    const purchases = i % 5;
    for (let k = 0; k < purchases; k++) {
      const ts = new Date(now - ((i * 3 + k * 11) % 80) * DAY - k * 3_600_000).toISOString();
      events.push({ contact_id: id, name: 'purchase', ts, message_id: `p-${id}-${k}`, properties: { amount: 20 + ((i * 13 + k * 29) % 300), category: ['shoes', 'bags', 'hats'][(i + k) % 3] } });
    }
    if (i % 3 !== 1) {
      const ts = new Date(now - ((i * 5) % 20) * DAY - 5 * 3_600_000).toISOString();
      events.push({ contact_id: id, name: 'cart_add', ts, message_id: `c-${id}`, properties: { sku: `sku${i % 6}` } });
    }
    for (let k = 0; k < i % 4; k++) {
      const ts = new Date(now - ((i + k * 17) % 90) * DAY).toISOString();
      events.push({ contact_id: id, name: 'page_view', ts, message_id: `v-${id}-${k}`, properties: { url: ['/pricing', '/shoes', '/'][k % 3] } });
    }
  }
  return { contacts, events };
}

let s: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const errors: string[] = [];

async function open(path: string, viewport = WIDE): Promise<Page> {
  const ctx = await signedIn(browser, s, viewport);
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  await page.goto(path);
  return page;
}

const run = promisify(execFile);

/** `segmint count` on the served data directory: the CLI asks the running server. */
async function cliCount(dsl: string): Promise<number> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'segmint.js'), '--data', s.data, 'count', dsl], { encoding: 'utf8' });
  return Number(stdout.trim());
}

/** The input with this accessible name (a select's list of options carries the same name). */
function input(page: Page, label: string): Locator {
  return page.locator(`input[aria-label="${label}"]`);
}

/** Pick an option of a select by its input's accessible name. */
async function pick(page: Page, label: string, option: string | RegExp): Promise<void> {
  await input(page, label).click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Counts are asked 200 ms after the last edit; wait until none is dimmed as out of date. */
async function waitIdle(page: Page): Promise<void> {
  await page.waitForTimeout(400);
  await page.waitForFunction(() => {
    const badges = [...document.querySelectorAll<HTMLElement>('[data-testid=count]')];
    return badges.length > 0 && badges.every((b) => b.style.opacity === '1' || b.style.opacity === '');
  }, undefined, { timeout: 15_000 });
}

/** The count shown beside a group or row, by its accessible name. */
async function countOf(page: Page, name: string): Promise<number> {
  const badge = page.locator(`[data-testid=count][aria-label^="${name} matches:"]`);
  await badge.waitFor({ timeout: 15_000 });
  return Number(await badge.getAttribute('data-count'));
}

describe('the segment builder', { timeout: 300_000 }, () => {
  before(async () => {
    s = await serve({ now: NOW });
    const { contacts, events } = workspace();
    await call(s, 'POST', '/api/v1/fields', FIELDS);
    await call(s, 'POST', '/api/v1/contacts', contacts);
    await call(s, 'POST', '/api/v1/events', events);
    browser = await launch();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await s?.close();
    assert.deepEqual(errors, []);
  });

  it('builds a nested segment whose every count is the CLI\'s, edits it as text and saves it', async () => {
    const page = await open('/segments/new');
    await page.getByLabel('Name').fill('Zürich buyers');
    // The alias follows the name as it is typed: lower-case ASCII, other characters `_`.
    assert.equal(await page.getByLabel('Alias').inputValue(), 'z_rich_buyers');

    // Condition 1: city is Zürich.
    await page.getByRole('button', { name: 'Add a condition to Group 1, all of' }).click();
    await page.getByRole('menuitem', { name: 'Contact field', exact: true }).click();
    await pick(page, 'Condition 1: field', 'City (city)');
    await pick(page, 'Condition 1: value', 'Zürich');

    // Group 2 (any of): points at least 100, or purchased at least twice in the last 30 days.
    await page.getByRole('button', { name: 'Add a group to Group 1, all of' }).click();
    await pick(page, 'Condition 2: field', 'Points (points)');
    await pick(page, 'Condition 2: operator', 'is at least');
    await input(page, 'Condition 2: value').fill('100');
    await page.getByRole('button', { name: 'Add a condition to Group 2, any of' }).click();
    await page.getByRole('menuitem', { name: 'Event', exact: true }).click();
    await pick(page, 'Condition 3: event', /^purchase/);
    await input(page, 'Condition 3: value').fill('2');
    await pick(page, 'Condition 3: when', 'in the last');
    await waitIdle(page);
    await shot(page, 'builder-nested-wide');

    const [total, group2, c1, c2, c3] = await Promise.all([
      'city = "Zürich" and (points >= 100 or performed purchase at least 2 times within 30d)',
      'points >= 100 or performed purchase at least 2 times within 30d',
      'city = "Zürich"',
      'points >= 100',
      'performed purchase at least 2 times within 30d',
    ].map(cliCount));
    const expected = { total, group2, c1, c2, c3 };
    assert.ok(expected.total > 0 && expected.total < expected.c1, `a seed where the subtrees differ: ${JSON.stringify(expected)}`);
    assert.deepEqual({
      total: await countOf(page, 'Group 1, all of'),
      group2: await countOf(page, 'Group 2, any of'),
      c1: await countOf(page, 'Condition 1'),
      c2: await countOf(page, 'Condition 2'),
      c3: await countOf(page, 'Condition 3'),
    }, expected);
    assert.equal(Number(await page.getByTestId('total').locator('[data-total]').getAttribute('data-total')), expected.total);

    // A NOT on the group: its count becomes the rest, and the total follows.
    await page.getByLabel('Group 2, any of: not (negate the whole group)').check({ force: true });
    await waitIdle(page);
    assert.equal(await countOf(page, 'Group 2, not any of'), await cliCount('not (points >= 100 or performed purchase at least 2 times within 30d)'));
    assert.equal(await countOf(page, 'Group 1, all of'), await cliCount('city = "Zürich" and not (points >= 100 or performed purchase at least 2 times within 30d)'));
    await page.getByLabel('Group 2, not any of: not (negate the whole group)').uncheck({ force: true });

    // Keyboard: Alt+↑ moves the event row above the points row; both keep their values.
    await page.getByRole('button', { name: 'Move Condition 3: drag, or Alt and the arrow keys' }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await waitIdle(page);
    assert.match(await input(page, 'Condition 2: event').inputValue(), /^purchase/);
    assert.equal(await input(page, 'Condition 3: value').inputValue(), '100');
    // The focus stays on the moved row's handle.
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Move Condition 2: drag, or Alt and the arrow keys');

    // An unfinished row: no count for it or its group, a clear note; the other rows keep theirs.
    await page.getByRole('button', { name: 'Add a condition to Group 2, any of' }).click();
    await page.getByRole('menuitem', { name: 'Contact field', exact: true }).click();
    await waitIdle(page);
    await assert.doesNotReject(page.getByText('Not counted yet: choose a field').waitFor());
    assert.equal(await countOf(page, 'Condition 1'), expected.c1);
    await page.getByRole('button', { name: 'Remove Condition 4' }).click();
    await waitIdle(page);
    assert.equal(await countOf(page, 'Group 1, all of'), expected.total);
    assert.equal(await input(page, 'Condition 3: value').inputValue(), '100');

    // Text: the same definition, printed by the server.
    await page.locator('label').filter({ hasText: /^Text$/ }).click();
    const area = page.getByLabel('Condition as text');
    await area.waitFor();
    assert.equal(await area.inputValue(), 'city = "Zürich" and (performed purchase at least 2 times within 30d or points >= 100)');
    // A mistake on the second line is underlined there and named by line and column.
    await area.fill('city = "Zürich" and\n  (performed purchase at least 2 times within 30d or points >=)');
    await page.getByTestId('parse-error').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('parse-error').innerText(), /expected a value after ">="/);
    await assert.doesNotReject(page.getByRole('button', { name: 'line 2, column 63' }).waitFor());
    assert.equal(await page.getByTestId('parse-error-mark').innerText(), ')');
    await shot(page, 'builder-text-error-wide');
    await area.fill('city = "Zürich" and\n  (performed purchase at least 2 times within 30d or points >= 500)');
    await page.getByTestId('parse-error').waitFor({ state: 'detached', timeout: 10_000 });
    const edited = 'city = "Zürich" and (performed purchase at least 2 times within 30d or points >= 500)';
    await page.waitForFunction((n) => document.querySelector('[data-testid=total] [data-total]')?.getAttribute('data-total') === String(n), await cliCount(edited));

    // Back to the builder: the tree has the edit, and its counts are the CLI's.
    await page.locator('label').filter({ hasText: /^Builder$/ }).click();
    await input(page, 'Condition 3: value').waitFor();
    assert.equal(await input(page, 'Condition 3: value').inputValue(), '500');
    await waitIdle(page);
    assert.equal(await countOf(page, 'Group 1, all of'), await cliCount(edited));
    assert.equal(await countOf(page, 'Condition 3'), await cliCount('points >= 500'));

    // Narrow window: rows wrap, nothing is cut off.
    await page.setViewportSize(NARROW);
    await page.waitForTimeout(300);
    await shot(page, 'builder-nested-narrow');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at ${NARROW.width} px`);
    await page.setViewportSize(WIDE);

    // Save: the segment exists with the members the CLI counts.
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL(/\/segments\/z_rich_buyers\/edit$/, { timeout: 15_000 });
    const saved = await call<{ members: number; dsl: string }>(s, 'GET', '/api/v1/segments/z_rich_buyers');
    assert.equal(saved.dsl, edited);
    assert.equal(saved.members, await cliCount(edited));
    await page.close();
  });

  it('moves a row into another group by drag, keeping every value, and counts the new shape', async () => {
    await call(s, 'PUT', '/api/v1/segments/drag_demo', {
      name: 'Drag demo', condition: 'city = "Zürich" and (performed purchase at least 2 times within 30d or points >= 500)',
    });
    const page = await open('/segments/drag_demo/edit');
    await input(page, 'Condition 3: value').waitFor();
    await waitIdle(page);
    const handle = page.getByRole('button', { name: 'Move Condition 1: drag, or Alt and the arrow keys' });
    const target = page.locator('[role=group][aria-label="Condition 3"]');
    // Away from the sticky save bar at the bottom of the window.
    await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const box = await target.boundingBox();
    assert.ok(box);
    await handle.dragTo(target, { targetPosition: { x: 40, y: box.height - 4 } });
    await waitIdle(page);
    // The city row is now the last of group 2, the only member of the root.
    assert.equal(await input(page, 'Condition 3: field').inputValue(), 'City (city)');
    assert.equal(await input(page, 'Condition 3: value').inputValue(), 'Zürich');
    assert.equal(await input(page, 'Condition 2: value').inputValue(), '500');
    assert.match(await input(page, 'Condition 1: event').inputValue(), /^purchase/);
    const moved = 'performed purchase at least 2 times within 30d or points >= 500 or city = "Zürich"';
    assert.equal(await countOf(page, 'Group 2, any of'), await cliCount(moved));
    assert.equal(await countOf(page, 'Group 1, all of'), await cliCount(moved));
    await shot(page, 'builder-after-drag-wide');
  });

  it('opens a template adapted to the workspace, counted, wrapping on a narrow window', async () => {
    const page = await open('/segments/new?template=cart_abandoned', NARROW);
    await input(page, 'Condition 1, step 1: event').waitFor({ timeout: 15_000 });
    assert.match(await input(page, 'Condition 1, step 1: event').inputValue(), /^cart_add/);
    await waitIdle(page);
    assert.equal(await countOf(page, 'Condition 1'), await cliCount('performed cart_add then not purchase gap 48h within 14d'));
    await shot(page, 'builder-template-narrow');
    await page.setViewportSize(WIDE);
    await shot(page, 'builder-template-wide');
    await page.close();
  });
});
