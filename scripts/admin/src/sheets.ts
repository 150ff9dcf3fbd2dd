// The import's sheets from files on disk; reading them is the web app's import's too
// (frontend/src/import/sheets.ts), which reads an upload the same way.
import { readFile } from 'node:fs/promises';

import type { Sheet } from '../../../frontend/src/import/layouts.js';
import { readSheets as readSheetFiles } from '../../../frontend/src/import/sheets.js';

/** Every sheet of the files at `paths`; a kind given twice is refused, so no row is read twice. */
export async function readSheets(paths: readonly string[]): Promise<Sheet[]> {
  return readSheetFiles(await Promise.all(paths.map(async (name) => ({ name, bytes: await readFile(name) }))));
}
