// A build step for the public board, the first screen of most visitors:
// - src/early.ts becomes a script of its own, first in the shell, importing nothing: it asks
//   for the board's first page as soon as it arrives, while React and the app are still on
//   their way (Vite would fold a second script of index.html into the app's entry);
// - the board's chunk and its imports are linked as modulepreload, so they come with the
//   entry instead of after it has run (one round trip less). They are a few kB; every other
//   screen still loads on demand.
import type { Plugin, Rollup } from 'vite';

const EARLY = '/src/early.ts';
const BOARD = '/src/features/board/BoardPage.tsx';

export function boardFirst(): Plugin {
  return {
    name: 'gongzhi-board-first',
    apply: 'build',
    options(options) {
      const input = options.input ?? 'index.html';
      const inputs = typeof input === 'string' ? { index: input } : Array.isArray(input) ? Object.fromEntries(input.map((i) => [i, i])) : input;
      return { ...options, input: { ...inputs, early: `.${EARLY}` } };
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const chunks = new Map(
          Object.values(bundle)
            .filter((output): output is Rollup.OutputChunk => output.type === 'chunk')
            .map((chunk) => [chunk.fileName, chunk]),
        );
        const find = (id: string) => {
          const chunk = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(id));
          if (!chunk) throw new Error(`board-first: no chunk for ${id}`);
          return chunk;
        };
        const early = find(EARLY);
        if (early.imports.length > 0) throw new Error(`board-first: ${EARLY} must import nothing (it imports ${early.imports.join(', ')})`);
        const files = new Set<string>();
        const visit = (chunk: Rollup.OutputChunk | undefined) => {
          if (!chunk || files.has(chunk.fileName)) return;
          files.add(chunk.fileName);
          for (const imported of chunk.imports) visit(chunks.get(imported));
        };
        visit(find(BOARD));
        return [
          { tag: 'script', attrs: { type: 'module', crossorigin: true, src: `/${early.fileName}` }, injectTo: 'head-prepend' as const },
          ...[...files]
            .filter((file) => !html.includes(`/${file}"`))
            .map((file) => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
              injectTo: 'head' as const,
            })),
        ];
      },
    },
  };
}
