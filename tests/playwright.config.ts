// End-to-end: Debian's Chromium drives the real `gongzhi` binary, serving the built web app
// on a fresh SQLite database with the demo district. No browser is downloaded.
import { defineConfig, devices } from '@playwright/test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// The config is read again in every worker process: the port is chosen once, by the first
// reader, and handed down through the environment, as is the fresh database.
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = String(20000 + (process.pid % 20000));
  const fresh = join(tmpdir(), `gongzhi-e2e-${process.env.E2E_PORT}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(fresh + suffix, { force: true });
}
const port = Number(process.env.E2E_PORT);
const database = join(tmpdir(), `gongzhi-e2e-${port}.db`);

export const baseURL = `http://127.0.0.1:${port}`;
// scripts/test passes the binary it built; by hand, cargo's target directory is honoured.
const gongzhi = process.env.GONGZHI_BIN ?? resolve(root, process.env.CARGO_TARGET_DIR ?? 'target', 'debug/gongzhi');

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  // The demo district is one shared world; the scenarios run one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    // A CI run is read as text: the failure's message and its page snapshot (error-context.md).
    // Recording a trace of every step, to keep only failures', slows the suite on two cores.
    screenshot: process.env.CI ? 'only-on-failure' : 'on',
    trace: process.env.CI ? 'off' : 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], channel: undefined }, testIgnore: /phone/ },
    { name: 'phone', use: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true }, testMatch: /phone/ },
  ],
  webServer: {
    command: `${gongzhi} serve --demo`,
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: database,
      GONGZHI_BIND: `127.0.0.1:${port}`,
      GONGZHI_STATIC_DIR: join(root, 'frontend/dist'),
      RUST_LOG: 'warn',
    },
  },
});
