// ESLint (flat config): JavaScript's and TypeScript's recommended rules, the rules of hooks,
// and the one-way imports of the app's layers (bulletproof-react's):
//
//   src/api, src/auth, src/components, src/i18n   shared: import no feature and not the app
//   src/import                                     (批量导入's reading, check and writes, which
//                                                  scripts/admin runs too)
//   src/features/<feature>                         imports shared code, never another feature
//   src/app, src/main.tsx                          imports features (their routes)
//
// What two features both need moves to the shared layer: a demand's card and co-sign button
// are in src/components, the org-unit and organisation lookups in src/api, and a write that
// changes another feature's data invalidates that aggregate's root key (src/api/keys.ts).
import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Every feature folder, so a new one is fenced in as soon as it exists. */
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const SHARED = ['api', 'auth', 'components', 'i18n', 'import'];

/** Import specifiers (gitignore-style globs) that lead into `dir`, a folder of src/, from anywhere in src/. */
const into = (dir) => [`**/src/${dir}`, `**/src/${dir}/**`, ...['..', '../..', '../../..'].flatMap((up) => [`${up}/${dir}`, `${up}/${dir}/**`])];

const APP = { group: [...into('app'), '**/main', '**/main.tsx'], message: 'The app imports features and shared code, not the other way round.' };

export default defineConfig(
  globalIgnores(['dist/', 'src/api/schema.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['*.js', 'scripts/**/*.{js,mjs,ts}', 'vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    files: SHARED.map((dir) => `src/${dir}/**/*.{ts,tsx}`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            APP,
            { group: into('features').concat(FEATURES.flatMap((f) => into(`features/${f}`))), message: 'Shared code imports no feature: move what it needs here.' },
          ],
        },
      ],
    },
  },
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            APP,
            {
              group: FEATURES.filter((other) => other !== feature).flatMap((other) => [...into(`features/${other}`), `../${other}`, `../${other}/**`]),
              message: `A feature does not import another feature: move what both need to src/components, src/api or src/auth.`,
            },
          ],
        },
      ],
    },
  })),
);
