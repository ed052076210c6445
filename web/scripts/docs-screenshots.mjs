#!/usr/bin/env node
// The screenshots in docs/web-app.md and README: the browser-test harness's seeded
// workspace, a few pages at 1280 × 800 rendered at 0.75 scale (small PNGs), written to
// docs/images/. Run after `npm run build` (it uses dist/test/web and dist/web):
//   node web/scripts/docs-screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { call, launch, serve } from '../../dist/test/web/harness.js';
import { START, seed } from '../../dist/test/web/seed.js';

const OUT = join(import.meta.dirname, '..', '..', 'docs', 'images');
mkdirSync(OUT, { recursive: true });

const s = await serve({ now: START });
const browser = await launch();
try {
  await seed(s);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 0.75, baseURL: s.url, locale: 'en-GB', timezoneId: 'Europe/Zurich' });
  await ctx.addInitScript((key) => { sessionStorage.setItem('segmint.key', key); }, s.adminKey);
  ctx.setDefaultTimeout(60_000);
  const page = await ctx.newPage();
  // Not "networkidle": the change stream keeps a connection open while the page lives.
  const settle = async () => {
    await page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(800);
  };
  const snap = async (name, scrollTo) => {
    await settle();
    if (scrollTo) await page.locator(scrollTo).first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, `${name}.png`) });
    console.log(`docs/images/${name}.png`);
  };

  await page.goto('/segments');
  await page.getByTestId('segments-table').waitFor();
  await snap('web-segments');

  await page.goto('/segments/zurich');
  await page.getByTestId('members-table').waitFor();
  await snap('web-segment');

  await page.goto('/segments/buyers?tab=analytics');
  await page.locator('.recharts-surface').first().waitFor();
  await page.getByRole('combobox', { name: 'Compare with' }).click();
  await page.getByRole('option', { name: /Zürich \(zurich\)/ }).click();
  await page.getByTestId('overlap').waitFor();
  await page.evaluate(() => window.scrollTo(0, 420));
  await snap('web-analytics');

  await page.goto('/segments/big_spenders?tab=history');
  await page.getByTestId('version-diff').waitFor();
  await page.evaluate(() => window.scrollTo(0, 400));
  await snap('web-history');

  await page.goto('/contacts/c004');
  await page.getByRole('button', { name: 'Zürich buyers: in. Show why' }).click();
  await page.getByRole('button', { name: 'Big spenders: out. Show why' }).click();
  await page.locator('[data-segment="big_spenders"] [data-testid="explain"]').waitFor();
  await snap('web-contact');

  const file = join(OUT, '..', '..', 'test-output', 'signups.csv');
  mkdirSync(join(OUT, '..', '..', 'test-output'), { recursive: true });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, 'Contact ID,First Name,E-Mail,Points,Signup date\nn001,Olga,olga@example.com,120,2026-03-02\nn002,Pia,pia@example,lots,2026-03-04\nn003,Rui,rui@example.com,80,yesterday\nn004,Ada,ada@example.com,310,2026-03-09\n');
  await page.goto('/import');
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByTestId('mapping-table').waitFor();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.getByTestId('preview-table').waitFor();
  await snap('web-import');

  await call(s, 'PUT', '/api/v1/segments/engaged_zurich', {
    name: 'Engaged in Zürich', category: 'Engagement', description: 'Newsletter readers in Zürich who buy, or nearly did.',
    condition: 'city = "Zürich" and newsletter is true and (performed purchase at least 2 times within 30d or (performed cart_add within 7d and not performed purchase within 7d))',
  });
  await page.goto('/segments/engaged_zurich/edit');
  await page.locator('#condition-title').waitFor();
  await settle();
  await page.evaluate(() => { document.getElementById('condition-title')?.scrollIntoView({ block: 'start' }); window.scrollBy(0, -70); });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'web-builder.png') });
  console.log('docs/images/web-builder.png');
} finally {
  await browser.close();
  await s.close();
}
