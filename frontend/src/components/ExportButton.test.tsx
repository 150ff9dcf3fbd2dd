// 导出 against a stubbed API: the file's name from Content-Disposition (filename* first), the
// request built from the screen's filters (no page), the file handed to the browser, and a
// refusal said in the reader's language.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { dispositionFilename, ExportButton, type ExportButtonProps } from './ExportButton';
import { problem, stubApi } from './testing';

const CSV_NAME = '需求清单-20261207.csv';
const DISPOSITION = `attachment; filename="demands-20261207.csv"; filename*=UTF-8''${encodeURIComponent(CSV_NAME)}`;

describe('dispositionFilename', () => {
  it('reads filename* (RFC 5987) before the ASCII filename', () => {
    expect(dispositionFilename(DISPOSITION)).toBe(CSV_NAME);
    // The server's own spelling: '-' escaped as %2D.
    expect(dispositionFilename("attachment; filename=\"a.csv\"; filename*=UTF-8''%E9%9C%80%E6%B1%82%E6%B8%85%E5%8D%95%2D20261207.csv")).toBe(
      '需求清单-20261207.csv',
    );
    expect(dispositionFilename("attachment; filename*=utf-8'zh-CN'%E8%B5%84%E6%BA%90.xlsx; filename=resources.xlsx")).toBe('资源.xlsx');
  });

  it('falls back to the plain filename, quoted or not', () => {
    expect(dispositionFilename('attachment; filename="projects-20261207.xlsx"')).toBe('projects-20261207.xlsx');
    expect(dispositionFilename('attachment; filename=claims.csv')).toBe('claims.csv');
    expect(dispositionFilename('attachment; filename="say \\"hi\\".csv"')).toBe('say "hi".csv');
    // A malformed escape in filename*: the plain name.
    expect(dispositionFilename("attachment; filename*=UTF-8''%E9%9C.csv; filename=\"x.csv\"")).toBe('x.csv');
  });

  it('never names a folder, and answers nothing without a name', () => {
    expect(dispositionFilename('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(dispositionFilename("attachment; filename*=UTF-8''..%2F..%2Fx.csv")).toBe('x.csv');
    expect(dispositionFilename('attachment')).toBeUndefined();
    expect(dispositionFilename(null)).toBeUndefined();
  });
});

describe('ExportButton', () => {
  let saved: { href: string; download: string }[];
  let blobs: Blob[];

  beforeEach(() => {
    saved = [];
    blobs = [];
    // jsdom has no object URLs.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return `blob:test/${blobs.length}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ href: this.href, download: this.download });
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  const show = (props: ExportButtonProps) =>
    render(
      <AntApp>
        <ExportButton {...props} />
      </AntApp>,
    );

  async function pick(format: RegExp) {
    const ui = userEvent.setup();
    await ui.click(screen.getByRole('button', { name: /导\s*出/ }));
    await ui.click(await screen.findByRole('menuitem', { name: format }));
  }

  it('asks for the list as filtered, without the page, and saves the file under its Chinese name', async () => {
    const calls = stubApi({
      'GET /api/v1/exports/demands.csv': () =>
        new Response('\uFEFF编号,标题\n', { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': DISPOSITION } }),
    });
    show({ list: 'demands', query: { state: 'submitted', category: 'safety', q: '路灯', overdue: undefined, sort: 'due' } });

    await pick(/导出 CSV/);

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(calls).toHaveLength(1);
    expect(calls[0].path).toBe('/api/v1/exports/demands.csv');
    expect(Object.fromEntries(calls[0].query)).toEqual({ state: 'submitted', category: 'safety', q: '路灯', sort: 'due' });
    expect(saved[0]).toEqual({ href: 'blob:test/1', download: CSV_NAME });
    expect(await blobs[0].text()).toContain('编号,标题');
  });

  it('asks for Excel at its own address, with each list’s filters', async () => {
    const calls = stubApi({
      'GET /api/v1/exports/volunteer-hours.xlsx': () => new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { 'content-type': 'application/octet-stream' } }),
    });
    show({ list: 'volunteer-hours', query: { organization_id: 'team-1' }, text: '导出服务时长' });

    await pick(/导出 Excel/);

    // No Content-Disposition: a name from the list and the format.
    await waitFor(() => expect(saved).toEqual([{ href: 'blob:test/1', download: 'volunteer-hours.xlsx' }]));
    expect(calls[0].path).toBe('/api/v1/exports/volunteer-hours.xlsx');
    expect(calls[0].query.get('organization_id')).toBe('team-1');
  });

  it('shows the busy state while the file is on its way', async () => {
    let answer: (r: Response) => void = () => undefined;
    stubApi({ 'GET /api/v1/exports/projects.csv': () => new Promise<Response>((resolve) => (answer = resolve)) });
    show({ list: 'projects', query: { state: 'published' } });

    await pick(/导出 CSV/);
    const button = await screen.findByRole('button', { name: /导出中/ });
    expect(button.className).toContain('ant-btn-loading');

    answer(new Response('\uFEFF', { headers: { 'content-disposition': 'attachment; filename="projects.csv"' } }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(await screen.findByRole('button', { name: /导\s*出$/ })).toBeTruthy();
  });

  it('says a refusal in the reader’s language and saves nothing', async () => {
    stubApi({
      'GET /api/v1/exports/volunteer-hours.csv': () =>
        problem(403, 'forbidden_volunteers', 'recorded hours are for the officials over them and the team’s leaders'),
    });
    show({ list: 'volunteer-hours', query: {}, text: '导出服务时长' });

    await pick(/导出 CSV/);

    expect(await screen.findByText('导出失败：只有本队队长可以办理')).toBeTruthy();
    expect(saved).toEqual([]);
  });
});
