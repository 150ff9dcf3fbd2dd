#!/usr/bin/env node
// How long the public board takes to show its first demand (or its empty state) on a cheap
// phone: Debian's Chromium, an empty cache, 4× CPU slowdown, ~1.6 Mbit/s down, ~750 kbit/s
// up, 150 ms latency. Starts nothing: point it at a running `gongzhi serve`.
//
//   node tests/scripts/board-load-time.mjs http://127.0.0.1:8080 [runs] [--verbose]
//
// Prints each run and the median, in milliseconds. A report, not a test: timings depend on
// the machine, so nothing in CI fails on them.
import { chromium } from '@playwright/test';

const args = process.argv.slice(2).filter((a) => a !== '--verbose');
const verbose = process.argv.includes('--verbose');
const base = args[0];
const runs = Number(args[1] ?? 3);
if (!base || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node tests/scripts/board-load-time.mjs <base URL> [runs] [--verbose]');
  process.exit(2);
}

const CONDITIONS = {
  offline: false,
  latency: 150,
  downloadThroughput: 200_000, // bytes/s ≈ 1.6 Mbit/s
  uploadThroughput: 93_750, // bytes/s ≈ 750 kbit/s
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function once() {
  // A fresh context is a fresh profile: empty HTTP cache, no storage, anonymous visitor.
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', CONDITIONS);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let bytes = 0;
  const urls = new Map();
  const started = Date.now();
  cdp.on('Network.responseReceived', (e) =>
    urls.set(e.requestId, `${e.response.url.replace(base, '')} ${e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? ''}`),
  );
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    if (verbose) console.log(`  ${String(Date.now() - started).padStart(6)} ms ${String(e.encodedDataLength).padStart(8)} B  ${urls.get(e.requestId)}`);
  });
  await page.goto(new URL('/board', base).href, { waitUntil: 'commit', timeout: 120_000 });
  await page.locator('main article, main .ant-empty, main .list-empty').first().waitFor({ state: 'visible', timeout: 120_000 });
  const ms = Date.now() - started;
  await context.close();
  return { ms, bytes };
}

const times = [];
for (let i = 0; i < runs; i++) {
  const { ms, bytes } = await once();
  times.push(ms);
  console.log(`run ${i + 1}: ${ms} ms, ${(bytes / 1024).toFixed(0)} KiB over the wire`);
}
await browser.close();
times.sort((a, b) => a - b);
console.log(`board first demand visible (median of ${runs}): ${times[Math.floor(runs / 2)]} ms`);
