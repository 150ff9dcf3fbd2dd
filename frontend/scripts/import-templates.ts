// A build step: the import's empty template, the very files `gongzhi-admin template` writes
// (src/import), among the app's files under /templates/, where the 批量导入 screen offers
// them as plain links; `npm run dev` serves the same. Made from the sheets' layouts at each
// build, so no second copy of the headers is kept anywhere.
import type { Plugin } from 'vite';

import { TEMPLATE_FILES } from '../src/import/layouts.ts';
import { templateContent } from '../src/import/sheets.ts';

const FOLDER = 'templates';

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function importTemplates(): Plugin {
  return {
    name: 'gongzhi-import-templates',
    async generateBundle() {
      for (const file of TEMPLATE_FILES) {
        this.emitFile({ type: 'asset', fileName: `${FOLDER}/${file.name}`, source: await templateContent(file) });
      }
    },
    configureServer(server) {
      server.middlewares.use(`/${FOLDER}/`, (request, response, next) => {
        const name = decodeURIComponent((request.url ?? '').replace(/^\//, '').split('?')[0] ?? '');
        const file = TEMPLATE_FILES.find((f) => f.name === name);
        if (!file) return next();
        templateContent(file).then((content) => {
          response.setHeader('content-type', TYPES[name.split('.').pop() ?? ''] ?? 'application/octet-stream');
          response.end(content);
        }, next);
      });
    },
  };
}
