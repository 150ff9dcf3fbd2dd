// The first part of every TanStack Query key: one root per aggregate, named as in the API's
// paths. Each feature's key factory (`features/<feature>/api.ts`, or a shared lookup here in
// `api/`) builds all its keys from its aggregate's root, so invalidating a root reaches every
// query of that aggregate, whichever screen made it. A write that changes another aggregate
// (a co-sign seen on the public board; later, a claim that allocates a resource) invalidates
// that aggregate's root from here, without one feature importing another.
export const rootKeys = {
  demands: ['demands'],
  /** A claim confirmed or released changes its project's funding. */
  projects: ['projects'],
  claims: ['claims'],
  resources: ['resources'],
  orgUnits: ['org-units'],
  organizations: ['organizations'],
  users: ['users'],
  me: ['me'],
  /** The reader's inbox (`/me/notifications`): the worker writes it, never the reader's own
   * steps (nobody is told of their own action), so only marking read invalidates it. */
  notifications: ['notifications'],
  /** 三方联动: a case's transitions and thread change only the case (and the inbox, by the worker). */
  coordinationCases: ['coordination-cases'],
  /** 报修: a fault that escalates becomes a coordination case (the worker's doing, read on the next visit). */
  faults: ['faults'],
  /** 志愿服务: a sign-up, a withdrawal, recorded hours or a cancellation change the activity's
   * places, its roster, the volunteer's own service and the team's figures: all under this root. */
  volunteerActivities: ['volunteer-activities'],
  /** 工作台: counts taken over every other aggregate, per reader. No write invalidates them:
   * they are read again whenever the workbench (or a resident's home) is opened or looked at
   * again, as TanStack Query does with data that is stale at once. */
  workbench: ['workbench'],
} as const;
