// The words an operator types and reads are the web app's own (zh-CN), so a sheet filled in
// by someone who uses the web app speaks its language; typed against the contract's enums,
// so a role or kind added to the API that the labels lack fails the type check.
import { zhCN } from '../../../frontend/src/i18n/zh-CN.js';
import type { Schemas } from './api/client.js';

// The import's words (roles, organisation kinds, community types, 是/否, a refusal's reason)
// are the web app's import's too.
export {
  choices,
  codeOf,
  communityTypeLabels,
  organizationKindLabels,
  reason,
  roleLabels,
  yesNo,
  type CommunityType,
  type OrganizationKind,
  type Role,
} from '../../../frontend/src/import/labels.js';

export const demandStateLabels: Record<Schemas['DemandState'], string> = zhCN.demandStates;
export const demandCategoryLabels: Record<Schemas['DemandCategory'], string> = zhCN.demandCategories;
export const projectStateLabels: Record<Schemas['ProjectState'], string> = zhCN.projectStates;
export const projectCategoryLabels: Record<Schemas['ProjectCategory'], string> = zhCN.projectCategories;
export const resourceKindLabels: Record<Schemas['ResourceKind'], string> = zhCN.resourceKinds;
export const claimStateLabels: Record<Schemas['ClaimState'], string> = zhCN.claimStates;
export const claimSideLabels: Record<Schemas['ClaimSide'], string> = zhCN.claimSides;
export const caseStateLabels: Record<Schemas['CaseState'], string> = zhCN.caseStates;

