// The words an operator types and reads are the web app's own (zh-CN), so a sheet filled in
// by someone who uses the web app speaks its language; typed against the contract's enums,
// so a role or kind added to the API that the labels lack fails the type check.
import type { Schemas } from '../api/core.js';
import { zhCN } from '../i18n/zh-CN.js';
import { callFailure, message, render, type Reader } from './messages.js';

export type Role = Schemas['Role'];
export type OrganizationKind = Schemas['OrganizationKind'];
export type CommunityType = Schemas['CommunityType'];

export const roleLabels: Record<Role, string> = zhCN.roles;
export const organizationKindLabels: Record<OrganizationKind, string> = zhCN.organizationKinds;
export const communityTypeLabels: Record<CommunityType, string> = zhCN.communityTypes;

/** The code a cell names, by its label (老旧社区), its label without 社区 (老旧), or the code
 * itself (old); `undefined` when it names none. */
export function codeOf<C extends string>(labels: Record<C, string>, cell: string): C | undefined {
  const text = cell.trim();
  for (const [code, label] of Object.entries(labels) as [C, string][]) {
    if (text === code || text === label || (label.endsWith('社区') && text === label.slice(0, -2))) return code;
  }
  return undefined;
}

/** The labels to offer when a cell names none of them. */
export function choices(labels: Record<string, string>): string {
  return Object.values(labels).join('、');
}

/** 是 / 否 (or blank, which is 否); `undefined` for anything else. */
export function yesNo(cell: string): boolean | undefined {
  const text = cell.trim().toLowerCase();
  if (['', '否', 'n', 'no', 'false', '0'].includes(text)) return false;
  if (['是', 'y', 'yes', 'true', '1'].includes(text)) return true;
  return undefined;
}

/** The script's reader: it speaks the sheets' language. */
export const CHINESE: Reader = { language: 'zh-CN', errors: zhCN.errors };

/** Why a call failed, for one line of the script's report, in Chinese. */
export function reason(e: unknown): string {
  return render(message('call_failed', { reason: callFailure(e) }), CHINESE);
}
