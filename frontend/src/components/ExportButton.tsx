// 导出: a list as a spreadsheet (Excel or CSV), filtered exactly as the screen shows it. The
// export is an API call like any other (the bearer token, a refused token refreshed once), so
// the file is fetched, not linked: its bytes become an object URL that a temporary
// <a download> saves under the name the server gave (Content-Disposition `filename*`, Chinese).
// One button with a short label, a thumb's size (44 px) on a phone; the two formats in its menu.
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, type MenuProps } from 'antd';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

import { api, unwrap, type Schemas } from '../api/client';
import type { operations } from '../api/schema';
import { useErrorText } from './errors';
import { useMediaQuery } from './useMediaQuery';

export type ExportFormat = Schemas['ExportFormat'];
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const satisfies readonly ExportFormat[];

/** What each export is asked: its list's own filters, without the page (`limit`, `cursor`). */
type Filters<Op extends keyof operations> = Omit<NonNullable<operations[Op]['parameters']['query']>, 'limit' | 'cursor'>;
interface ExportQueries {
  demands: Filters<'exports_demands'>;
  projects: Filters<'exports_projects'>;
  resources: Filters<'exports_resources'>;
  claims: Filters<'exports_claims'>;
  'coordination-cases': Filters<'exports_coordination_cases'>;
  'volunteer-hours': Filters<'exports_volunteer_hours'>;
}
export type ExportList = keyof ExportQueries;

/** A list and the filters its screen sends to the list's own endpoint. */
export type ExportTarget = { [L in ExportList]: { list: L; query: ExportQueries[L] } }[ExportList];

/** The file name of a Content-Disposition header: `filename*` (RFC 5987: charset'lang'%-encoded) first, else `filename`. */
export function dispositionFilename(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*"?([^";]+)"?/i.exec(header)?.[1];
  if (extended) {
    const [, charset, , encoded] = /^([^']*)'([^']*)'(.*)$/.exec(extended.trim()) ?? [];
    if (encoded !== undefined && (charset === '' || /^utf-8$/i.test(charset))) {
      try {
        return safeName(decodeURIComponent(encoded));
      } catch {
        // A malformed escape: the plain name below.
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/i.exec(header);
  const name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
  return name ? safeName(name) : undefined;
}

/** Only the last path segment: a name never chooses a folder. */
const safeName = (name: string) => name.split(/[\\/]/).pop() || undefined;

/** The export's file, fetched with the reader's token; a refusal is thrown as an ApiError. */
export async function fetchExport(target: ExportTarget, format: ExportFormat): Promise<{ blob: Blob; filename: string }> {
  const send = () => {
    switch (target.list) {
      case 'demands':
        return api.GET('/api/v1/exports/demands.{format}', { params: { path: { format }, query: target.query }, parseAs: 'blob' });
      case 'projects':
        return api.GET('/api/v1/exports/projects.{format}', { params: { path: { format }, query: target.query }, parseAs: 'blob' });
      case 'resources':
        return api.GET('/api/v1/exports/resources.{format}', { params: { path: { format }, query: target.query }, parseAs: 'blob' });
      case 'claims':
        return api.GET('/api/v1/exports/claims.{format}', { params: { path: { format }, query: target.query }, parseAs: 'blob' });
      case 'coordination-cases':
        return api.GET('/api/v1/exports/coordination-cases.{format}', { params: { path: { format }, query: target.query }, parseAs: 'blob' });
      case 'volunteer-hours':
        return api.GET('/api/v1/exports/volunteer-hours.{format}', { params: { path: { format }, query: target.query }, parseAs: 'blob' });
    }
  };
  const { blob, disposition } = await unwrap(
    send().then(({ data, error, response }) => ({
      data: { blob: data ?? new Blob([]), disposition: response.headers.get('content-disposition') },
      error,
      response,
    })),
  );
  return { blob, filename: dispositionFilename(disposition) ?? `${target.list}.${format}` };
}

/** Hands `blob` to the browser as a download named `filename`. */
export function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A target a thumb can hit, below antd's md breakpoint; on a desktop, the row's own height. */
const TAP: CSSProperties = { minHeight: 44 };

export type ExportButtonProps = ExportTarget & {
  /** The button's words, when 「导出」 alone would not say what is exported (e.g. 导出服务时长). */
  text?: string;
  /** Names the list for screen readers where a screen has several (「导出：已结单的项目」). */
  what?: string;
};

export function ExportButton({ text, what, ...target }: ExportButtonProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const phone = !useMediaQuery('(min-width: 768px)');

  const download = async (format: ExportFormat) => {
    if (busy) return;
    setBusy(true);
    try {
      const { blob, filename } = await fetchExport(target as ExportTarget, format);
      saveFile(blob, filename);
    } catch (e) {
      void message.error(t('exports.failed', { reason: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  const items: MenuProps['items'] = EXPORT_FORMATS.map((format) => ({
    key: format,
    label: t(`exports.formats.${format}`),
    style: phone ? { ...TAP, display: 'flex', alignItems: 'center' } : undefined,
  }));
  const label = text ?? t('exports.button');

  return (
    <Dropdown
      trigger={['click']}
      disabled={busy}
      menu={{ items, onClick: ({ key }) => void download(key as ExportFormat) }}
    >
      <Button
        icon={<DownloadOutlined />}
        loading={busy}
        aria-label={what ? t('exports.buttonFor', { button: label, what }) : undefined}
        style={phone ? TAP : undefined}
      >
        {busy ? t('exports.busy') : label}
      </Button>
    </Dropdown>
  );
}
