#!/usr/bin/env node
// The JavaScript a first-time visitor downloads before the public board can render: the
// entry chunk, the board screen's chunk, and everything either imports statically, each
// counted once, compressed as the server sends it. Fails above the budget, so that a heavy
// import on the first screen is noticed when it is added, not on a phone months later.
//
// Reads Vite's manifest (`build.manifest`), so run it after `vite build`.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// gzip, kB of 1000 bytes: the goal for a cheap phone. The board and the frame around it are
// plain HTML and antd loads only with the screens that use it (components/AntdFrame), so
// today's figure, 146 kB (React with the router, TanStack Query, i18next with zh-CN's texts,
// the API client and the board), leaves room for the board to grow, but not for antd's
// frame again (Card, Typography, Menu and App were ~170 kB of the 317 before).
const BUDGET_KB = 250;
const BOARD = 'src/features/board/BoardPage.tsx';

const dist = resolve(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

// The shell's scripts: the app (main.tsx) and the early request for the board (early.ts,
// scripts/board-first.ts).
const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length === 0) throw new Error('the manifest has no entry chunk');
if (!manifest[BOARD]) throw new Error(`${BOARD} is not a chunk of its own: is the board still loaded lazily?`);

/** A chunk and its static imports, transitively. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`the manifest has no ${key}`);
  seen.add(key);
  for (const imported of chunk.imports ?? []) closure(imported, seen);
  return seen;
}

const needed = closure(BOARD, entries.reduce((seen, entry) => closure(entry, seen), new Set()));
const files = [...new Set([...needed].map((key) => manifest[key].file).filter((file) => file.endsWith('.js')))];
let raw = 0;
let gzip = 0;
let brotli = 0;
const rows = [];
for (const file of files) {
  const bytes = readFileSync(join(dist, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += bytes.length;
  gzip += gz;
  brotli += br;
  rows.push({ file, raw: bytes.length, gz, br });
}
const kb = (n) => (n / 1000).toFixed(1);
if (process.argv.includes('--verbose')) {
  for (const row of rows.sort((a, b) => b.gz - a.gz)) {
    console.log(`  ${row.file.padEnd(44)} ${kb(row.raw).padStart(8)} kB  gzip ${kb(row.gz).padStart(7)} kB  br ${kb(row.br).padStart(7)} kB`);
  }
}
console.log(
  `JavaScript before the public board renders: ${files.length} files, ${kb(raw)} kB raw, ` +
    `${kb(gzip)} kB gzip, ${kb(brotli)} kB brotli (budget ${BUDGET_KB} kB gzip)`,
);
if (gzip > BUDGET_KB * 1000) {
  console.error(`Over budget by ${kb(gzip - BUDGET_KB * 1000)} kB: keep heavy imports out of the board's path (run with --verbose to see each file).`);
  process.exit(1);
}
