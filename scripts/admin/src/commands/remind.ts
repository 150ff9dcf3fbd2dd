// remind: what waits, per street, for the morning meeting: demands past their deadline
// (吹哨), completed projects waiting for their inspection, claims waiting for an answer.
import { parseArgs } from 'node:util';

import { stringify } from 'csv-stringify/sync';

import { listAll, unwrap, type Schemas } from '../api/client.js';
import { connect, ENVIRONMENT_HELP } from '../connect.js';
import { claimSideLabels, demandStateLabels } from '../labels.js';
import { unitId } from '../lookup.js';
import { eachLimited } from '../pool.js';
import { table } from '../table.js';

const HELP = `用法：gongzhi-admin remind [--unit 单位] [--csv]

晨会提醒：登录账号范围内各街道的
  逾期需求    超过受理或答复时限的需求
  待验收项目  已完工、等待自治组织验收的民生实事
  待答复认领  等待另一方确认的认领
  --unit  只看这个单位（名称或 id）及其下级
  --csv   输出 CSV（UTF-8 带 BOM，重定向到文件即可用 Excel 打开）
  -h, --help

${ENVIRONMENT_HELP}`;

type Unit = Schemas['OrgUnit'];

const SECTIONS = ['逾期需求', '待验收项目', '待答复认领'] as const;
type Section = (typeof SECTIONS)[number];

interface Item {
  street: string;
  section: Section;
  title: string;
  place: string;
  status: string;
  days: number;
}

const DAY = 24 * 3600 * 1000;

function daysSince(at: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(at)) / DAY));
}

export async function runRemind(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      unit: { type: 'string' },
      csv: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const { connection, me } = await connect();
  try {
    const api = connection.api;
    const within = values.unit ? await unitId(api, values.unit) : undefined;
    const units = new Map<string, Unit>();
    for (const u of await listAll((cursor) => unwrap(api.GET('/api/v1/org-units', { params: { query: { limit: 100, cursor } } })))) {
      units.set(u.id, u);
    }
    const lineage = (id: string): Unit[] => {
      const line: Unit[] = [];
      for (let u = units.get(id); u; u = u.parent_id ? units.get(u.parent_id) : undefined) line.push(u);
      return line;
    };
    const streetOf = (id: string): string => lineage(id).find((u) => u.kind === 'street')?.name ?? '区直属';
    const nameOf = (id: string): string => units.get(id)?.name ?? '';
    const now = Date.now();
    const unitQuery = within ? { unit_id: within } : {};

    const [demands, projects, claims] = await Promise.all([
      listAll((cursor) =>
        unwrap(api.GET('/api/v1/demands', { params: { query: { ...unitQuery, overdue: true, sort: 'due', limit: 100, cursor } } })),
      ),
      listAll((cursor) =>
        unwrap(api.GET('/api/v1/projects', { params: { query: { ...unitQuery, state: 'completed', limit: 100, cursor } } })),
      ),
      listAll((cursor) => unwrap(api.GET('/api/v1/claims', { params: { query: { state: 'pending', limit: 100, cursor } } }))),
    ]);
    // A claim names its project, not the project's unit: the projects tell where each is.
    const projectUnits = new Map<string, string>();
    await eachLimited([...new Set(claims.map((c) => c.project_id))], 8, async (id) => {
      const project = await unwrap(api.GET('/api/v1/projects/{id}', { params: { path: { id } } }));
      projectUnits.set(id, project.unit_id);
    });

    const items: Item[] = [
      ...demands.map((d) => ({
        street: streetOf(d.unit_id),
        section: '逾期需求' as const,
        title: d.title,
        place: nameOf(d.unit_id),
        status: `${demandStateLabels[d.state]}，逾期 ${d.due_at ? daysSince(d.due_at, now) : 0} 天`,
        days: d.due_at ? daysSince(d.due_at, now) : 0,
      })),
      ...projects.map((p) => {
        const tally = p.inspection_tally;
        return {
          street: streetOf(p.unit_id),
          section: '待验收项目' as const,
          title: p.title,
          place: nameOf(p.unit_id),
          status: `完工 ${daysSince(p.updated_at, now)} 天${tally ? `，通过 ${tally.passes}/${tally.required} 票` : ''}`,
          days: daysSince(p.updated_at, now),
        };
      }),
      ...claims
        .filter((c) => !within || lineage(projectUnits.get(c.project_id) ?? '').some((u) => u.id === within))
        .map((c) => {
          const unit = projectUnits.get(c.project_id) ?? '';
          return {
            street: streetOf(unit),
            section: '待答复认领' as const,
            title: `${c.project_title} ← ${c.organization_name}「${c.resource_title}」`,
            place: nameOf(unit),
            status: `${claimSideLabels[c.initiated_by]}，待${c.initiated_by === 'provider' ? '街道' : '共建单位'}确认 ${daysSince(c.created_at, now)} 天`,
            days: daysSince(c.created_at, now),
          };
        }),
    ];

    // Every street the account answers for is listed, a street with nothing waiting too.
    const granted = me.grants.map((g) => units.get(g.unit_id)).filter((u): u is Unit => u !== undefined);
    const answersFor = (street: Unit): boolean =>
      granted.some((u) => u.kind === 'district' || lineage(u.id).some((a) => a.id === street.id));
    const inView = (street: Unit): boolean =>
      !within || lineage(street.id).some((u) => u.id === within) || lineage(within).some((u) => u.id === street.id);
    const streets = [...units.values()].filter((u) => u.kind === 'street' && answersFor(u) && inView(u)).map((u) => u.name);
    for (const i of items) if (!streets.includes(i.street)) streets.push(i.street);

    if (values.csv) {
      const rows = items
        .sort((a, b) => streets.indexOf(a.street) - streets.indexOf(b.street) || SECTIONS.indexOf(a.section) - SECTIONS.indexOf(b.section))
        .map((i) => [i.street, i.section, i.title, i.place, i.status, String(i.days)]);
      process.stdout.write(`\uFEFF${stringify([['街道', '类别', '事项', '所在单位', '情况', '天数'], ...rows])}`);
      return 0;
    }

    const today = new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
    console.log(`晨会提醒 ${today}`);
    const count = (street: string, section: Section): number => items.filter((i) => i.street === street && i.section === section).length;
    const summary = streets.map((s) => [s, ...SECTIONS.map((section) => String(count(s, section)))]);
    const totals = ['合计', ...SECTIONS.map((section) => String(items.filter((i) => i.section === section).length))];
    for (const line of table([['街道', ...SECTIONS], ...summary, totals])) console.log(line);
    for (const street of streets) {
      const mine = items.filter((i) => i.street === street);
      if (mine.length === 0) continue;
      console.log(`\n${street}`);
      for (const section of SECTIONS) {
        const these = mine.filter((i) => i.section === section).sort((a, b) => b.days - a.days);
        if (these.length === 0) continue;
        console.log(`  ${section}（${these.length}）`);
        for (const line of table(these.map((i) => [i.title, i.place, i.status]), '    ')) console.log(line);
      }
    }
    if (items.length === 0) console.log('\n三项都没有待办。');
    return 0;
  } finally {
    await connection.signOut().catch(() => undefined);
  }
}
