import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import assert from 'node:assert/strict';
import type { Served } from '../web/harness.js';

// A shop's site for tracking clients to run in: its own origin, serving the pages a test
// writes (and any scripts it ships itself), and a browser page that may not reach anything
// off this machine.

export interface Shop {
  readonly url: string;
  close(): Promise<void>;
}

/** Serve `scripts` by path and, for any other path, the page `body(path)` as a document titled "Trail shoes – Shop". */
export async function openShop(scripts: Readonly<Record<string, string>>, body: (path: string) => string): Promise<Shop> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (scripts[path]) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(scripts[path]);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<title>Trail shoes – Shop</title>
${body(path)}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface IsolatedPage {
  readonly page: Page;
  /** Requests the page tried to send off this machine (each refused). */
  readonly elsewhere: string[];
  /** Uncaught errors and console errors on the page. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** A page in a fresh browser context that reaches this machine only. */
export async function isolatedPage(browser: Browser): Promise<IsolatedPage> {
  const ctx = await browser.newContext();
  const elsewhere: string[] = [];
  await ctx.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    elsewhere.push(route.request().url());
    return route.abort();
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { page, elsewhere, errors, close: () => ctx.close() };
}

export interface StoredContact {
  id: string;
  fields: Record<string, unknown>;
  events: { name: string; properties: Record<string, unknown> }[];
}

/** The contact as the API shows it, or null when there is none. */
export async function contactOf(segmint: Served, id: string): Promise<StoredContact | null> {
  const res = await fetch(`${segmint.url}/api/v1/contacts/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${segmint.adminKey}` } });
  return res.status === 404 ? null : ((await res.json()) as StoredContact);
}

/** Read until `done` holds (15 s at most). */
export async function until<T>(what: string, read: () => Promise<T | null>, done: (v: T) => boolean = () => true): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await read();
    if (v !== null && done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The visit every browser test makes, as stored: the visitor identified as `userId`
 * (Anna, `userId@example.com`) and ordered; its page view of `url` (titled as the shop's
 * pages are, come from a search) moved with it. The page view, for checks of its own.
 */
export async function storedVisit(segmint: Served, userId: string, url: URL): Promise<StoredContact['events'][number]> {
  // An SDK may send the identify and the track on requests of their own, in either order:
  // both are waited for (the identify's traits, which come with its merge, and the order).
  const known = await until('the order and the identify', () => contactOf(segmint, userId),
    (c) => c.events.some((e) => e.name === 'Order Completed') && c.fields.email !== undefined && c.fields.email !== null);
  assert.equal(known.fields.email, `${userId}@example.com`);
  assert.equal(known.fields.first_name, 'Anna');
  const view = known.events.find((e) => e.name === 'page_view');
  assert.ok(view, 'the page view moved to the known contact');
  assert.equal(view.properties.path, url.pathname);
  assert.equal(view.properties.url, url.href);
  assert.equal(view.properties.title, 'Trail shoes – Shop');
  assert.equal(view.properties.referrer, 'https://search.example/?q=shoes');
  const order = known.events.find((e) => e.name === 'Order Completed');
  assert.deepEqual([order?.properties.total, order?.properties.currency, order?.properties.orderId], [120.5, 'CHF', '00042']);
  return view;
}
