// A disclosure's snapshot, read from its canonical text (the JSON exactly as hashed, format 1
// of domain/src/disclosure.rs): the street's demands filed, projects created and resources
// offered in the period, public fields only. The text is the record; this only reads it for
// people, and a snapshot it cannot read is shown as the text itself.
import type { Schemas } from '../../api/client';

export interface DisclosedDemand {
  id: string;
  title: string;
  category: Schemas['DemandCategory'];
  unit_name: string;
  state: Schemas['DemandState'];
  cosign_count: number;
  filed_at: string;
}

export interface DisclosedProject {
  id: string;
  title: string;
  category: Schemas['ProjectCategory'];
  state: Schemas['ProjectState'];
  budget_fen: number;
  gov_funds_fen: number;
  funded_fen: number;
  beneficiaries: number;
  created_at: string;
}

export interface DisclosedResource {
  id: string;
  title: string;
  kind: Schemas['ResourceKind'];
  organization_name: string;
  quantity: number;
  measure: string;
  withdrawn: boolean;
  offered_at: string;
}

export interface Snapshot {
  format: number;
  street_name: string;
  number: number;
  period_start: string;
  period_end: string;
  previous_sha256: string | null;
  demands: DisclosedDemand[];
  projects: DisclosedProject[];
  resources: DisclosedResource[];
}

type Fields = Record<string, 'string' | 'number' | 'boolean'>;

const DEMAND: Fields = { id: 'string', title: 'string', category: 'string', unit_name: 'string', state: 'string', cosign_count: 'number', filed_at: 'string' };
const PROJECT: Fields = {
  id: 'string',
  title: 'string',
  category: 'string',
  state: 'string',
  budget_fen: 'number',
  gov_funds_fen: 'number',
  funded_fen: 'number',
  beneficiaries: 'number',
  created_at: 'string',
};
const RESOURCE: Fields = {
  id: 'string',
  title: 'string',
  kind: 'string',
  organization_name: 'string',
  quantity: 'number',
  measure: 'string',
  withdrawn: 'boolean',
  offered_at: 'string',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listOf<T>(value: unknown, fields: Fields): T[] | null {
  if (!Array.isArray(value)) return null;
  const ok = value.every((item) => isRecord(item) && Object.entries(fields).every(([key, type]) => typeof item[key] === type));
  return ok ? (value as T[]) : null;
}

/** The snapshot in `canonical`, or null when it is not one this screen can read. */
export function parseSnapshot(canonical: string): Snapshot | null {
  let raw: unknown;
  try {
    raw = JSON.parse(canonical);
  } catch {
    return null;
  }
  if (!isRecord(raw)) return null;
  const demands = listOf<DisclosedDemand>(raw.demands, DEMAND);
  const projects = listOf<DisclosedProject>(raw.projects, PROJECT);
  const resources = listOf<DisclosedResource>(raw.resources, RESOURCE);
  if (!demands || !projects || !resources) return null;
  if (typeof raw.number !== 'number' || typeof raw.street_name !== 'string') return null;
  return {
    format: typeof raw.format === 'number' ? raw.format : 0,
    street_name: raw.street_name,
    number: raw.number,
    period_start: String(raw.period_start ?? ''),
    period_end: String(raw.period_end ?? ''),
    previous_sha256: typeof raw.previous_sha256 === 'string' ? raw.previous_sha256 : null,
    demands,
    projects,
    resources,
  };
}

/** The figures of a snapshot: how many of each list, and the projects' money. */
export function figures(s: Snapshot) {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    demands: s.demands.length,
    projects: s.projects.length,
    resources: s.resources.length,
    budgetFen: sum(s.projects.map((p) => p.budget_fen)),
    govFundsFen: sum(s.projects.map((p) => p.gov_funds_fen)),
    fundedFen: sum(s.projects.map((p) => p.funded_fen)),
  };
}

/** The first characters of a hash, enough to tell two apart at a glance (the page shows it whole). */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 12);
}
