// publish: the month's 定期公示 for every street that has not published it, as far as the
// signed-in account may (`/me/permissions`' `disclosure_streets`: a street committee its own
// street, the district admin every street), and each street's
// chain checked the way anyone can check it (GET /public/disclosures/{id}/verify).
import { parseArgs } from 'node:util';

import { ApiError, keyed, listAll, unwrap, type Api, type Schemas } from '../api/client.js';
import { connect, ENVIRONMENT_HELP, Refusal } from '../connect.js';
import { reason } from '../labels.js';
import { eachLimited } from '../pool.js';
import { table } from '../table.js';

const HELP = `用法：gongzhi-admin publish [--month YYYY-MM] [--dry-run]

为每个尚未发布该月定期公示的街道发布公示，并校验每个街道的公示链（每一期的哈希，
及与上一期的衔接）。区管理员为全区各街道发布；街道党工委为本街道发布；登录账号不能
发布的街道缺的，列出来由其自行发布（或由区设置公示日，到期系统代发）。
可重复运行：已发布的不会再发。

选项：
  --month YYYY-MM  公示哪个月（默认上个月，北京时间）
  --dry-run        只列出将要发布的，不发布
  -h, --help       显示本说明

${ENVIRONMENT_HELP}

退出码：0 成功；1 有街道发布失败或公示链校验不通过；2 无法进行。`;

type Disclosure = Schemas['Disclosure'];

/** The month before this one in Beijing, where the districts' calendar runs. */
function lastMonth(now: Date): string {
  const beijing = new Date(now.getTime() + 8 * 3600 * 1000);
  const first = new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth() - 1, 1));
  return first.toISOString().slice(0, 7);
}

function period(month: string): { start: string; end: string } {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const [year, number] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || number < 1 || number > 12) throw new Refusal(`--month 应为 YYYY-MM，如 2026-11，不是“${month}”`);
  const last = new Date(Date.UTC(year, number, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

interface StreetReport {
  name: string;
  disclosure: string;
  chain: string;
  failed: boolean;
}

async function disclosuresOf(api: Api, streetId: string): Promise<Disclosure[]> {
  return listAll((cursor) =>
    unwrap(api.GET('/api/v1/public/disclosures', { params: { query: { unit_id: streetId, limit: 100, cursor } } })),
  );
}

/** Every disclosure of the street checked; the chain holds when each one does. */
async function chainOf(api: Api, disclosures: Disclosure[]): Promise<{ text: string; failed: boolean }> {
  if (disclosures.length === 0) return { text: '尚无公示', failed: false };
  const broken: number[] = [];
  for (const d of disclosures) {
    const checked = await unwrap(api.GET('/api/v1/public/disclosures/{id}/verify', { params: { path: { id: d.id } } }));
    if (!checked.valid) broken.push(d.number);
  }
  if (broken.length === 0) return { text: `完整（共 ${disclosures.length} 期）`, failed: false };
  broken.sort((a, b) => a - b);
  return { text: `校验不通过：第 ${broken.join('、')} 期`, failed: true };
}

/** What became of the street's disclosure of the period: found, published now, or left. */
async function publishMissing(
  api: Api,
  streetId: string,
  disclosures: Disclosure[],
  ours: boolean,
  start: string,
  end: string,
  dryRun: boolean,
): Promise<string> {
  const covering = disclosures.find((d) => d.period_start <= end && start <= d.period_end);
  if (covering) {
    const exact = covering.period_start === start && covering.period_end === end;
    return `已有 第${covering.number}期${exact ? '' : `（${covering.period_start} 至 ${covering.period_end}）`}`;
  }
  if (!ours) return '未发布：须由本街道党工委或区管理员发布';
  if (dryRun) return '将发布';
  const body = { unit_id: streetId, period_start: start, period_end: end };
  try {
    const published = await unwrap(api.POST('/api/v1/disclosures', await keyed('/api/v1/disclosures', body)));
    return `本次发布 第${published.number}期`;
  } catch (e) {
    // Published meanwhile: the district's disclosure day came, or another operator.
    if (e instanceof ApiError && e.code === 'period_disclosed') return '已有（刚由他人发布）';
    throw e;
  }
}

export async function runPublish(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      month: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const month = values.month ?? lastMonth(new Date());
  const { start, end } = period(month);
  const dryRun = values['dry-run'];
  const { connection } = await connect();
  try {
    const api = connection.api;
    const permissions = await unwrap(api.GET('/api/v1/me/permissions'));
    const mine = new Set(permissions.disclosure_streets);
    const streets = await listAll((cursor) =>
      unwrap(api.GET('/api/v1/org-units', { params: { query: { kind: 'street', limit: 100, cursor } } })),
    );
    const reports = new Map<string, StreetReport>();
    await eachLimited(streets, 4, async (street) => {
      const report: StreetReport = { name: street.name, disclosure: '', chain: '—', failed: false };
      reports.set(street.id, report);
      let disclosures: Disclosure[];
      try {
        disclosures = await disclosuresOf(api, street.id);
        report.disclosure = await publishMissing(api, street.id, disclosures, mine.has(street.id), start, end, dryRun);
        if (report.disclosure.startsWith('本次发布')) disclosures = await disclosuresOf(api, street.id);
      } catch (e) {
        report.disclosure = `失败：${reason(e)}`;
        report.failed = true;
        return;
      }
      try {
        const chain = await chainOf(api, disclosures);
        report.chain = chain.text;
        report.failed = chain.failed;
      } catch (e) {
        report.chain = `无法校验：${reason(e)}`;
        report.failed = true;
      }
    });
    const rows = streets.map((s) => reports.get(s.id) as StreetReport);
    console.log(`${month} 定期公示（${start} 至 ${end}）${dryRun ? '——试运行，没有发布' : ''}`);
    for (const line of table([['街道', '本月公示', '公示链'], ...rows.map((r) => [r.name, r.disclosure, r.chain])])) {
      console.log(line);
    }
    const count = (prefix: string): number => rows.filter((r) => r.disclosure.startsWith(prefix)).length;
    console.log(
      `${dryRun ? `将发布 ${count('将发布')}` : `本次发布 ${count('本次发布')}`} 个街道；` +
        `另有 ${count('未发布')} 个街道未发布，须由其街道党工委或区管理员发布。`,
    );
    return rows.some((r) => r.failed) ? 1 : 0;
  } finally {
    await connection.signOut().catch(() => undefined);
  }
}
