/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';

import { precompress } from './scripts/precompress.ts';
import { boardFirst } from './scripts/board-first.ts';
import { importTemplates } from './scripts/import-templates.ts';

// `npm run dev` proxies the API to a `gongzhi serve` on :8080; `gongzhi` itself serves the
// built app (dist/) and the API on one origin.
export default defineConfig({
  plugins: [react(), boardFirst(), importTemplates(), precompress()],
  resolve: {
    // The import's reading (src/import, shared with the admin scripts) names the packages'
    // Node builds, which lean on Node's Buffer; their browser builds carry their own.
    alias: [{ find: /^(csv-parse|csv-stringify)\/sync$/, replacement: '$1/browser/esm/sync' }],
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: {
    outDir: 'dist',
    // scripts/check-bundle.mjs reads it to weigh what the public board needs.
    manifest: true,
    rolldownOptions: {
      output: {
        // React and the router change seldom and every screen needs them: one chunk that
        // stays cached across deploys. The rest is split by route (see components/lazyPage).
        // antd is not grouped: one antd chunk would put every table and form on the board.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 10 }],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // Every core, not vitest's one less: on CI's two that is two files at once instead of one,
    // and the suite's time was a third of the whole run.
    maxWorkers: availableParallelism(),
  },
});
