import type { Browser, Page } from 'playwright-core';
import { median, percentile, progress } from '../measure.js';
import type { Api } from './api.js';

// How long each page of the web app takes to show its content in a real browser, beside
// the API calls that page depends on, timed from Node in the same run. A page load is a
// full navigation (the app's script from the browser's cache, no query cache), timed from
// the navigation's start to the first animation frame where the page's content is there
// and nothing in <main> is still busy.

export interface PageCase {
  readonly name: string;
  readonly path: string;
  /** A script run in the page every frame: true once the content is shown. */
  readonly ready: Ready;
  /** The requests the page depends on, in parallel as the page makes them. */
  baseline(api: Api): Promise<unknown>;
  readonly baselineLabel: string;
  /** Fewer runs for a page whose request alone takes seconds. */
  readonly runs?: number;
}

export interface PageTiming {
  readonly name: string;
  readonly path: string;
  /** The first load in a new browser context (an empty cache; the server has served the page before). */
  readonly coldMs: number;
  readonly samplesMs: readonly number[];
  readonly p50Ms: number;
  readonly maxMs: number;
  readonly baselineLabel: string;
  readonly baselineP50Ms: number;
}

/** What "shown" means for a page, checked in the page every animation frame. */
export type Ready =
  /** An element matching the selector is there and nothing in <main> is still loading. */
  | { readonly kind: 'settled'; readonly selector: string }
  /** The upcoming list, or the word that nothing is due. */
  | { readonly kind: 'upcoming' }
  /** Every group and row of the builder shows a count, none dimmed as out of date; with `notTotal`, the total differs from it. */
  | { readonly kind: 'counted'; readonly notTotal?: string | null };

/** Runs in the page (the app's CSP forbids evaluating strings): performance.now() once ready, else false. */
export function readyAt(r: Ready): number | false {
  const idle = !document.querySelector('main [aria-busy="true"]');
  let ok: boolean;
  if (r.kind === 'settled') ok = idle && !!document.querySelector(r.selector);
  else if (r.kind === 'upcoming') {
    ok = idle && (!!document.querySelector('[data-testid="upcoming-table"] tbody tr')
      || [...document.querySelectorAll('main *')].some((e) => e.childElementCount === 0 && e.textContent === 'Nothing due'));
  } else {
    const total = document.querySelector<HTMLElement>('[data-testid=total] [data-total]');
    const badges = [...document.querySelectorAll<HTMLElement>('[data-testid=count]')];
    ok = !!total && total.getAttribute('data-total') !== '' && total.style.opacity !== '0.55'
      && (r.notTotal === undefined || total.getAttribute('data-total') !== r.notTotal)
      && !document.querySelector('[aria-label$=": counting"]')
      && badges.length > 0 && badges.every((b) => b.style.opacity === '1' || b.style.opacity === '');
  }
  return ok ? performance.now() : false;
}

const settled = (selector: string): Ready => ({ kind: 'settled', selector });
export const EDITOR_COUNTED: Ready = { kind: 'counted' };

export function pageCases(segments: { members: string; analytics: string; upcoming: string; editor: string }, contact: string): PageCase[] {
  const seg = (a: string) => `/api/v1/segments/${a}`;
  return [
    {
      name: 'segments list', path: '/segments', ready: settled('[data-testid="segments-table"] [data-testid^="members-"], [data-testid="segments-cards"] [data-testid^="members-"]'),
      baselineLabel: 'GET segments', baseline: (api) => api.get('/api/v1/segments'),
    },
    {
      name: 'segment editor (every count)', path: `/segments/${segments.editor}/edit`, ready: EDITOR_COUNTED,
      baselineLabel: 'GET segment, then POST count nodes', baseline: async (api) => {
        const s = await api.get<{ condition: unknown }>(seg(segments.editor));
        await api.post('/api/v1/count', { condition: s.condition, nodes: true });
      },
    },
    {
      name: 'segment: members', path: `/segments/${segments.members}`, ready: settled('[data-testid="members-table"] tbody tr'),
      baselineLabel: 'GET segment ∥ members (50)', baseline: (api) => Promise.all([api.get(seg(segments.members)), api.get(`${seg(segments.members)}/members?limit=50`)]),
    },
    {
      name: 'segment: charts', path: `/segments/${segments.analytics}?tab=analytics`, ready: settled('.recharts-surface'),
      baselineLabel: 'GET segment ∥ history 30 d', baseline: (api) => Promise.all([api.get(seg(segments.analytics)), api.get(`${seg(segments.analytics)}/history?days=30`)]),
    },
    {
      name: 'segment: upcoming (7 d)', path: `/segments/${segments.upcoming}?tab=upcoming`, ready: { kind: 'upcoming' }, runs: 3,
      baselineLabel: 'GET segment ∥ upcoming 7 d', baseline: (api) => Promise.all([api.get(seg(segments.upcoming)), api.get(`${seg(segments.upcoming)}/upcoming?days=7`)]),
    },
    {
      name: 'segment: versions', path: `/segments/${segments.members}?tab=history`, ready: settled('[data-testid="versions-table"] tbody tr'),
      baselineLabel: 'GET segment ∥ versions', baseline: (api) => Promise.all([api.get(seg(segments.members)), api.get(`${seg(segments.members)}/versions`)]),
    },
    {
      name: 'contact (why in/out)', path: `/contacts/${contact}`, ready: settled('[data-testid="contact-segments"] [data-segment]'),
      baselineLabel: 'GET contact ∥ its segments', baseline: (api) => Promise.all([api.get(`/api/v1/contacts/${contact}`), api.get(`/api/v1/contacts/${contact}/segments`)]),
    },
    {
      name: 'fields', path: '/fields', ready: settled('[data-testid="fields-table"] tbody tr'),
      baselineLabel: 'GET fields', baseline: (api) => api.get('/api/v1/fields'),
    },
    {
      name: 'import', path: '/import', ready: settled('input[type="file"]'),
      baselineLabel: 'GET fields', baseline: (api) => api.get('/api/v1/fields'),
    },
    {
      name: 'settings', path: '/settings', ready: settled('main input'),
      baselineLabel: 'GET settings', baseline: (api) => api.get('/api/v1/settings'),
    },
  ];
}

/** A new page signed in with `key`, as the sign-in page leaves a tab. */
export async function signedInPage(browser: Browser, url: string, key: string, viewport = { width: 1280, height: 860 }): Promise<Page> {
  const ctx = await browser.newContext({ viewport, baseURL: url, locale: 'en-GB', timezoneId: 'Europe/Zurich' });
  // (about:blank, between runs, has no storage.)
  await ctx.addInitScript((k: string) => { try { sessionStorage.setItem('segmint.key', k); } catch { /* about:blank */ } }, key);
  ctx.setDefaultTimeout(120_000);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => progress(`page error on ${page.url()}: ${e.message}`));
  return page;
}

/** Navigate and return ms from the navigation's start to the frame where `ready` held. */
export async function loadMs(page: Page, path: string, ready: Ready): Promise<number> {
  await page.goto(path, { waitUntil: 'commit' });
  return waitReady(page, ready);
}

/** performance.now() in the page at the first animation frame where `ready` holds. */
export async function waitReady(page: Page, ready: Ready): Promise<number> {
  const h = await page.waitForFunction(readyAt, ready, { polling: 'raf', timeout: 120_000 });
  return Number(await h.jsonValue());
}

/** One untimed load. */
export async function warmPage(browser: Browser, url: string, key: string, c: PageCase): Promise<void> {
  const page = await signedInPage(browser, url, key);
  try {
    await loadMs(page, c.path, c.ready);
  } finally {
    await page.context().close();
  }
}

export async function timePage(browser: Browser, url: string, key: string, api: Api, c: PageCase, runs: number): Promise<PageTiming> {
  const page = await signedInPage(browser, url, key);
  try {
    const coldMs = await loadMs(page, c.path, c.ready);
    const samplesMs: number[] = [];
    const baseline: number[] = [];
    // Interleaved, so a busy moment of the machine falls on both sides of the ratio.
    for (let i = 0; i < (c.runs ?? runs); i++) {
      samplesMs.push(await loadMs(page, c.path, c.ready));
      await page.goto('about:blank');
      const t = performance.now();
      await c.baseline(api);
      baseline.push(performance.now() - t);
    }
    return {
      name: c.name, path: c.path, coldMs, samplesMs, p50Ms: median(samplesMs), maxMs: percentile(samplesMs, 100),
      baselineLabel: c.baselineLabel, baselineP50Ms: median(baseline),
    };
  } finally {
    await page.context().close();
  }
}
