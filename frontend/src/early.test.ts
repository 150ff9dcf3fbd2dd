// early.ts repeats two things from the app (it may import nothing): the session's storage
// key and the board's first request. These pin that they agree, and that the board takes
// the early answer once instead of asking again.
import { afterEach, describe, expect, it, vi } from 'vitest';

import { session } from './auth/session';
import { fetchBoardPage } from './features/board/api';
import { filtersFrom } from './features/board/filters';

// Loading early.ts asks at once (jsdom's page is `/`, nobody signed in): into a stub.
const early = vi.hoisted(() => ({ urls: [] as string[] }));
vi.stubGlobal('fetch', async (url: string) => {
  early.urls.push(url);
  return new Response('{}');
});
const { BOARD_FIRST_PAGE, SESSION_KEY } = await import('./early');

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
  window.gongzhiBoardFirstPage = undefined;
});

const page = (title: string) =>
  new Response(JSON.stringify({ items: [{ id: title, title }], next_cursor: null }), { headers: { 'content-type': 'application/json' } });

describe('early.ts', () => {
  it('asked for the first page of the board for an anonymous visitor of /', () => {
    expect(early.urls).toEqual([BOARD_FIRST_PAGE]);
    expect(window.gongzhiBoardFirstPage).toBeDefined();
  });

  it("uses the session's storage key", () => {
    localStorage.setItem(SESSION_KEY, JSON.stringify({ access_token: 'a' }));
    expect(session.accessToken()).toBe('a');
  });

  it("asks for what the unfiltered board asks for, and the board takes that answer once", async () => {
    const urls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        urls.push(url.pathname + url.search);
        return page('asked');
      }),
    );
    const unfiltered = filtersFrom(new URLSearchParams(''));
    await fetchBoardPage(unfiltered, undefined);
    expect(urls).toEqual([BOARD_FIRST_PAGE]);

    window.gongzhiBoardFirstPage = Promise.resolve(page('early'));
    expect((await fetchBoardPage(unfiltered, undefined)).items[0].title).toBe('early');
    expect(window.gongzhiBoardFirstPage).toBeUndefined();
    expect(urls).toHaveLength(1);

    // A filtered board or a next page never takes it.
    window.gongzhiBoardFirstPage = Promise.resolve(page('early'));
    expect((await fetchBoardPage(filtersFrom(new URLSearchParams('state=resolved')), undefined)).items[0].title).toBe('asked');
    expect((await fetchBoardPage(unfiltered, 'next')).items[0].title).toBe('asked');
    expect(window.gongzhiBoardFirstPage).toBeDefined();
  });
});
