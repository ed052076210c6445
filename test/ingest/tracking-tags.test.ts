import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { call, launch, serve, type Served } from '../web/harness.js';
import { contactOf, isolatedPage, openShop, storedVisit, until, type Shop } from './shop.js';

// The tags a shop pastes into its pages, as the vendors publish them, with their host
// alone changed to Segmint's, which serves the scripts they load: Segment's snippet (5.2.1,
// with `analytics._cdn` as Segment's proxy instructions add it; a page on plain http
// needs it, since the script finds its host in its own address only on https) and
// Jitsu's p.js tag. Each sends the page view it makes by itself; then the visitor
// identifies and orders. Nothing may leave the machine.

let segmint: Served;
let shop: Shop;
let browser: Browser;
let writeKey: string;

/** Segment's snippet 5.2.1 (minified as published), `https://cdn.segment.com` replaced by `host`. */
function segmentSnippet(host: string, key: string): string {
  return `<script>
  !function(){var i="analytics",analytics=window[i]=window[i]||[];if(!analytics.initialize)if(analytics.invoked)window.console&&console.error&&console.error("Segment snippet included twice.");else{analytics.invoked=!0;analytics.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group","track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware","setAnonymousId","addDestinationMiddleware","register"];analytics.factory=function(e){return function(){if(window[i].initialized)return window[i][e].apply(window[i],arguments);var n=Array.prototype.slice.call(arguments);if(["track","screen","alias","group","page","identify"].indexOf(e)>-1){var c=document.querySelector("link[rel='canonical']");n.push({__t:"bpc",c:c&&c.getAttribute("href")||void 0,p:location.pathname,u:location.href,s:location.search,t:document.title,r:document.referrer})}n.unshift(e);analytics.push(n);return analytics}};for(var n=0;n<analytics.methods.length;n++){var key=analytics.methods[n];analytics[key]=analytics.factory(key)}analytics.load=function(key,n){var t=document.createElement("script");t.type="text/javascript";t.async=!0;t.setAttribute("data-global-segment-analytics-key",i);t.src="${host}/analytics.js/v1/" + key + "/analytics.min.js";var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(t,r);analytics._loadOptions=n};analytics._writeKey="${key}";analytics._cdn="${host}";analytics.SNIPPET_VERSION="5.2.1";
  analytics.load("${key}");
  analytics.page();
  }}();
</script>`;
}

/** Jitsu's tag: its keys are "id:secret", so any id, then the Segmint key. */
const jitsuTag = (host: string, key: string): string => `<script async src="${host}/p.js" data-write-key="shop:${key}"></script>`;

before(async () => {
  segmint = await serve();
  writeKey = (await call<{ key: string }>(segmint, 'POST', '/api/v1/keys', { role: 'write', name: 'shop' })).key;
  shop = await openShop({}, (path) => (path.startsWith('/jitsu/') ? jitsuTag(segmint.url, writeKey) : segmentSnippet(segmint.url, writeKey)));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await shop?.close();
  await segmint?.close();
});

const TAGS = { segment: '/products/trail-shoes', jitsu: '/jitsu/products/trail-shoes' } as const;
type Tag = keyof typeof TAGS;

// Run in the page, once the tag's script has loaded: the visitor's anonymous id.
async function visitor(tag: Tag): Promise<string> {
  const w = window as unknown as { analytics: any; jitsu?: any };
  const deadline = Date.now() + 10_000;
  if (tag === 'segment') {
    await Promise.race([new Promise((r) => w.analytics.ready(r)), new Promise((_, fail) => setTimeout(() => fail(new Error('analytics.js did not load in 10 s')), 10_000))]);
    return w.analytics.user().anonymousId();
  }
  while (!w.jitsu) {
    if (Date.now() > deadline) throw new Error('p.js did not load in 10 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return w.jitsu.user().anonymousId;
}

async function buy([tag, userId]: [Tag, string]): Promise<void> {
  const w = window as unknown as { analytics: any; jitsu: any };
  const a = tag === 'segment' ? w.analytics : w.jitsu;
  await a.identify(userId, { email: `${userId}@example.com`, firstName: 'Anna' });
  await a.track('Order Completed', { total: 120.5, currency: 'CHF', orderId: '00042' });
}

for (const [tag, path] of Object.entries(TAGS) as [Tag, string][]) {
  test(`${tag}'s tag with its host changed: its script comes from Segmint and sends the page view, identify (merging the visitor) and track`, async () => {
    const userId = `${tag}-tag-7`;
    const { page, elsewhere, errors, close } = await isolatedPage(browser);
    const scripts: string[] = [];
    page.on('request', (r) => { if (r.resourceType() === 'script' && r.url().startsWith(segmint.url)) scripts.push(new URL(r.url()).pathname); });
    await page.goto(`${shop.url}${path}?color=blue`, { referer: 'https://search.example/?q=shoes' });
    const anonymousId = await page.evaluate(visitor, tag);
    assert.ok(anonymousId);
    // The page view the tag sends by itself belongs to the anonymous visitor.
    const anon = await until('the tag\'s page view', () => contactOf(segmint, `anon:${anonymousId}`), (c) => c.events.some((e) => e.name === 'page_view'));
    assert.equal(anon.events.filter((e) => e.name === 'page_view').length, 1);

    await page.evaluate(buy, [tag, userId] as [Tag, string]);
    await storedVisit(segmint, userId, new URL(`${shop.url}${path}?color=blue`));
    assert.equal(await contactOf(segmint, `anon:${anonymousId}`), null, 'the visitor was merged into the known contact');
    assert.ok(scripts.includes(tag === 'segment' ? `/analytics.js/v1/${writeKey}/analytics.min.js` : '/p.js'), `scripts loaded: ${scripts.join(', ')}`);
    assert.deepEqual(elsewhere, []);
    assert.deepEqual(errors, []);
    await close();
  });
}

test('the tag scripts: cached by browsers, revalidated by tag, gzip when asked; an unknown key or bundle gets 404', async () => {
  const url = `${segmint.url}/analytics.js/v1/${writeKey}/analytics.min.js`;
  const res = await fetch(url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.equal(res.headers.get('cache-control'), 'public, max-age=3600');
  assert.match(await res.text(), /analytics\.js\/v1/);
  const again = await fetch(url, { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
  assert.equal(again.status, 304);
  const gz = await fetch(`${segmint.url}/p.js`, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  assert.match(await gz.text(), /currentScript/);

  // Its code-split parts (the query-string reader, auto-tracking, …) load from the same host.
  const umd = dirname(createRequire(import.meta.url).resolve('@segment/analytics-next/dist/umd/standalone.js'));
  const part = readdirSync(umd).find((f) => f.startsWith('queryString.bundle.') && f.endsWith('.js'));
  assert.ok(part);
  const bundle = await fetch(`${segmint.url}/analytics-next/bundles/${part}`);
  assert.equal(bundle.status, 200);
  assert.equal(bundle.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(await bundle.text(), readFileSync(join(umd, part), 'utf8'));

  const unknown = await fetch(`${segmint.url}/analytics.js/v1/wk_nobody/analytics.min.js`);
  assert.equal(unknown.status, 404);
  assert.equal(((await unknown.json()) as { error: { path: string } }).error.path, 'writeKey');
  for (const p of ['/analytics-next/bundles/..%2F..%2Fpackage.json', '/analytics-next/bundles/standalone.js', '/analytics-next/bundles/nothing.bundle.0a.js']) {
    assert.equal((await fetch(`${segmint.url}${p}`)).status, 404, p);
  }
});
