// 批量导入: the district admin loads its streets, communities and compounds, its organisations
// and its staff (each with a first role) from the template's sheets, as `gongzhi-admin
// import` does, in the browser. The template is the build's own files (scripts/import-
// templates.ts). Chosen files are read here and checked row by row first (the dry run:
// nothing is written); 导入 then writes, with its progress, and says what became of each row.
// The new accounts' first passwords are offered once, as a CSV download: never shown, not kept
// past the download, and leaving before it is asked about. The reading, checking and writing,
// and ExcelJS with them, load only once files are chosen (importer.ts).
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Progress, Segmented, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { rootKeys } from '../../api/keys';
import { ErrorAlert } from '../../components/errors';
import { saveFile } from '../../components/ExportButton';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { useLeaveGuard } from '../../components/useLeaveGuard';
import { LAYOUTS, TEMPLATE_FILES } from '../../import/layouts';
import { langOf, render, type Message } from '../../import/messages';
import type { Outcome, Stage } from '../../import/plan';
import { Refusal } from '../../import/refusal';
import type { RowReport, SheetReport } from './importer';

type Status = Outcome['status'];
type Tick = { stage: Stage; done: number; total: number };

type Run =
  | { step: 'idle' }
  | { step: 'checking'; tick?: Tick }
  | { step: 'checked'; sheets: SheetReport[] }
  | { step: 'importing'; sheets: SheetReport[]; tick?: Tick }
  | { step: 'done'; sheets: SheetReport[]; accounts: number; passwords: Blob | null }
  | { step: 'refused'; error: unknown };

const importer = () => import('./importer');

export function ImportPage() {
  const { t } = useTranslation();
  const say = useSay();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [run, setRun] = useState<Run>({ step: 'idle' });
  const busy = run.step === 'checking' || run.step === 'importing';
  const leaveGuard = useLeaveGuard(run.step === 'importing' || (run.step === 'done' && run.passwords !== null), {
    body: t('import.leaveBody'),
    stay: t('import.stay'),
  });

  const check = async (chosen: File[]) => {
    setFiles(chosen);
    setRun({ step: 'checking' });
    try {
      const sheets = await (await importer()).check(chosen, (stage, done, total) => setRun({ step: 'checking', tick: { stage, done, total } }));
      setRun({ step: 'checked', sheets });
    } catch (error) {
      setRun({ step: 'refused', error });
    }
  };

  const start = async (checked: SheetReport[]) => {
    setRun({ step: 'importing', sheets: checked });
    try {
      const done = await (await importer()).run(files, (stage, n, total) =>
        setRun({ step: 'importing', sheets: checked, tick: { stage, done: n, total } }),
      );
      setRun({ step: 'done', ...done });
    } catch (error) {
      setRun({ step: 'refused', error });
    }
    await Promise.all([rootKeys.orgUnits, rootKeys.organizations, rootKeys.users].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  };

  const downloadPasswords = (passwords: Blob) => {
    saveFile(passwords, t('import.passwordsFile'));
    if (run.step === 'done') setRun({ ...run, passwords: null });
  };

  const again = () => {
    setFiles([]);
    setRun({ step: 'idle' });
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          {t('nav.import')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('import.intro')}
        </Typography.Paragraph>
      </div>

      <Card size="small" title={t('import.template')}>
        <Typography.Paragraph type="secondary">{t('import.templateHint')}</Typography.Paragraph>
        <Flex gap={8} wrap>
          {TEMPLATE_FILES.map(({ name }) => (
            // The build puts them there (scripts/import-templates.ts).
            <Button key={name} icon={<DownloadOutlined />} href={`/templates/${encodeURIComponent(name)}`} download={name}>
              {name}
            </Button>
          ))}
        </Flex>
      </Card>

      <Card size="small" title={t('import.upload')}>
        <Typography.Paragraph type="secondary">{t('import.uploadHint')}</Typography.Paragraph>
        {run.step === 'done' ? (
          <Button onClick={again}>{t('import.again')}</Button>
        ) : (
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple
            disabled={busy}
            showUploadList={false}
            // Each choice is the whole import (a workbook, or up to three CSVs): read once the
            // last file of the batch has been seen, nothing is sent anywhere by antd.
            beforeUpload={(file, batch) => {
              if (file === batch[batch.length - 1]) void check(batch);
              return Upload.LIST_IGNORE;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('import.drop')}</p>
          </Upload.Dragger>
        )}
        {files.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>{t('import.chosen', { names: files.map((f) => f.name).join('、') })}</Typography.Paragraph>
        )}
      </Card>

      {run.step === 'refused' && (
        // A refusal of the import's own (a file that is no sheet of it) in the reader's words.
        <ErrorAlert error={run.error instanceof Refusal && run.error.why ? say(run.error.why) : run.error} />
      )}
      {run.step === 'checking' && <Ticking label={t('import.checking')} tick={run.tick} />}

      {(run.step === 'checked' || run.step === 'importing') && (
        <Card size="small" title={t('import.checked')}>
          <Flex vertical gap={16}>
            {run.sheets.map((sheet) => (
              <SheetResult key={sheet.source} sheet={sheet} written={false} />
            ))}
            <Checked sheets={run.sheets} />
            {run.step === 'importing' ? (
              <Ticking label={t('import.importing')} tick={run.tick} />
            ) : (
              run.sheets.some((s) => s.counts.new > 0) && (
                <Button type="primary" style={{ alignSelf: 'flex-start' }} onClick={() => void start(run.sheets)}>
                  {t('import.start')}
                </Button>
              )
            )}
          </Flex>
        </Card>
      )}

      {run.step === 'done' && (
        <Card size="small" title={t('import.done')}>
          <Flex vertical gap={16}>
            {run.accounts > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('import.passwords')}
                description={
                  <Flex vertical gap={8} align="flex-start">
                    <span>{run.passwords ? t('import.passwordsNote', { count: run.accounts }) : t('import.passwordsGone')}</span>
                    {run.passwords && (
                      <Button type="primary" icon={<DownloadOutlined />} onClick={() => run.passwords && downloadPasswords(run.passwords)}>
                        {t('import.downloadPasswords')}
                      </Button>
                    )}
                  </Flex>
                }
              />
            )}
            {run.sheets.map((sheet) => (
              <SheetResult key={sheet.source} sheet={sheet} written />
            ))}
          </Flex>
        </Card>
      )}
      {leaveGuard}
    </Flex>
  );
}

/** The import's messages in the app's language, the server's codes in its words for them. */
function useSay(): (m: Message) => string {
  const { i18n } = useTranslation();
  const language = langOf(i18n.language);
  const errors = (i18n.getResourceBundle(language, 'translation') as { errors?: Record<string, string> } | undefined)?.errors ?? {};
  return (m) => render(m, { language, errors });
}

/** What the check found overall: failed rows stay out; or there is nothing to create. */
function Checked({ sheets }: { sheets: SheetReport[] }) {
  const { t } = useTranslation();
  if (!sheets.some((s) => s.counts.new > 0)) return <Alert type="info" showIcon title={t('import.nothingNew')} />;
  if (sheets.some((s) => s.counts.failed > 0)) return <Alert type="warning" showIcon title={t('import.failedNote')} />;
  return null;
}

function Ticking({ label, tick }: { label: string; tick?: Tick }) {
  const { t } = useTranslation();
  return (
    <div role="status">
      <Typography.Text>
        {tick ? t('import.stageProgress', { stage: t(`import.stages.${tick.stage}`), done: tick.done, total: tick.total }) : label}
      </Typography.Text>
      <Progress percent={tick ? Math.floor((tick.done * 100) / tick.total) : 0} status="active" showInfo={false} />
    </div>
  );
}

/** One sheet: its counts, then its rows by what became of them (the failed first). */
function SheetResult({ sheet, written }: { sheet: SheetReport; written: boolean }) {
  const { t } = useTranslation();
  const say = useSay();
  const [shown, setShown] = useState<Status>(sheet.counts.failed > 0 ? 'failed' : 'new');
  const title = LAYOUTS[sheet.kind].title;
  const statusLabel: Record<Status, string> = {
    failed: t('import.shown.failed', { n: sheet.counts.failed }),
    new: written ? t('import.shown.made', { n: sheet.counts.new }) : t('import.shown.planned', { n: sheet.counts.new }),
    exists: t('import.shown.exists', { n: sheet.counts.exists }),
  };
  const rows = sheet.rows.filter((r) => r.status === shown);
  return (
    <section aria-label={t('import.sheet', { title, source: sheet.source })}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('import.sheet', { title, source: sheet.source })}
      </Typography.Title>
      <Typography.Paragraph strong>{written ? t('import.made', sheet.counts) : t('import.planned', sheet.counts)}</Typography.Paragraph>
      {sheet.ignored.length > 0 && <Typography.Paragraph type="secondary">{t('import.ignored', { columns: sheet.ignored.join('、') })}</Typography.Paragraph>}
      {sheet.exampleLine !== undefined && <Typography.Paragraph type="secondary">{t('import.exampleSkipped', { line: sheet.exampleLine })}</Typography.Paragraph>}
      {sheet.rows.length > 0 && (
        <Flex vertical gap={8}>
          <Segmented<Status>
            aria-label={t('import.rows')}
            options={(['failed', 'new', 'exists'] as Status[]).map((status) => ({ value: status, label: statusLabel[status] }))}
            value={shown}
            onChange={setShown}
            style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }}
          />
          <ResponsiveTable<RowReport>
            aria-label={statusLabel[shown]}
            size="small"
            rowKey="line"
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { key: 'line', title: t('import.line'), dataIndex: 'line', width: 90, render: (line: number) => t('import.lineN', { line }) },
              { key: 'content', title: t('import.content'), dataIndex: 'content' },
              ...(shown === 'failed' ? [{ key: 'why', title: t('import.why'), dataIndex: 'why', render: (why?: Message) => (why ? say(why) : '') }] : []),
            ]}
          />
        </Flex>
      )}
    </section>
  );
}
