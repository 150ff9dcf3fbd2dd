// An operator names a unit or an organisation as it is called; the API takes ids.
import { listAll, unwrap, type Api } from './api/client.js';
import { Refusal } from './connect.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function one<T extends { id: string; name: string }>(what: string, name: string, found: T[]): string {
  const exact = found.filter((x) => x.name === name);
  const [first, ...more] = exact;
  if (!first) throw new Refusal(`没有名为“${name}”的${what}`);
  if (more.length) throw new Refusal(`有 ${exact.length} 个${what}名为“${name}”：请改用其 id（${exact.map((x) => x.id).join('、')}）`);
  return first.id;
}

/** The id of the unit named (or the id given). */
export async function unitId(api: Api, nameOrId: string): Promise<string> {
  if (UUID.test(nameOrId)) return nameOrId;
  const found = await listAll((cursor) =>
    unwrap(api.GET('/api/v1/org-units', { params: { query: { q: nameOrId, limit: 100, cursor } } })),
  );
  return one('单位', nameOrId, found);
}

/** The id of the organisation named (or the id given). */
export async function organizationId(api: Api, nameOrId: string): Promise<string> {
  if (UUID.test(nameOrId)) return nameOrId;
  const found = await listAll((cursor) =>
    unwrap(api.GET('/api/v1/organizations', { params: { query: { q: nameOrId, limit: 100, cursor } } })),
  );
  return one('组织', nameOrId, found);
}
