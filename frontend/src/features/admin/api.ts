// The administration's calls and cache: accounts and their grants (`userKeys`), and the
// writes to org units and organisations, whose keys are shared lookups (api/orgUnits.ts,
// api/organizations.ts). Each write puts the saved record in the cache and invalidates the
// lists it may appear in.
import { useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '../../api/client';
import { rootKeys } from '../../api/keys';
import type { KeyHeaders } from '../../api/submission';
import { fetchOrganizations, organizationKeys, type OrganizationFilter } from '../../api/organizations';
import { unitKeys } from '../../api/orgUnits';
import type { operations } from '../../api/schema';
import { meKeys } from '../../auth/api';
import { useAuth } from '../../auth/AuthProvider';
import { useCursorList } from '../../components/useCursorList';

type User = Schemas['User'];
type OrgUnit = Schemas['OrgUnit'];
type Organization = Schemas['Organization'];
export type UserFilter = Omit<NonNullable<operations['users_list']['parameters']['query']>, 'limit' | 'cursor'>;

export const userKeys = {
  all: rootKeys.users,
  lists: () => [...userKeys.all, 'list'] as const,
  list: (filter: UserFilter) => [...userKeys.lists(), filter] as const,
  detail: (id: string) => [...userKeys.all, 'detail', id] as const,
};

// Accounts

export function useUsers(filter: UserFilter) {
  return useCursorList(userKeys.list(filter), (cursor) =>
    unwrap(api.GET('/api/v1/users', { params: { query: { ...filter, cursor, limit: 20 } } })),
  );
}

export function useUser(id: string) {
  return useQuery({
    queryKey: userKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
  });
}

export function createUser(body: Schemas['NewUserRequest'], headers: KeyHeaders) {
  return unwrap(api.POST('/api/v1/users', { body, headers }));
}

export function updateUser(id: string, body: Schemas['UserPatch']) {
  return unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));
}

export function addGrant(id: string, body: Schemas['NewGrantRequest'], headers: KeyHeaders) {
  return unwrap(api.POST('/api/v1/users/{id}/grants', { params: { path: { id } }, body, headers }));
}

export function revokeGrant(id: string, grantId: string) {
  return unwrap(api.DELETE('/api/v1/users/{id}/grants/{grant_id}', { params: { path: { id, grant_id: grantId } } }));
}

/** After a new account: the record in the cache, every account query read again. */
export function useUserCreated() {
  const queryClient = useQueryClient();
  return async (created: User) => {
    queryClient.setQueryData(userKeys.detail(created.id), created);
    await queryClient.invalidateQueries({ queryKey: userKeys.all });
  };
}

/** After a change to an account: the list, the record, and, if it is the reader's own, the session and what it may do. */
export function useUserSaved() {
  const queryClient = useQueryClient();
  const { user: me, reload } = useAuth();
  return async (saved: User) => {
    queryClient.setQueryData(userKeys.detail(saved.id), saved);
    await queryClient.invalidateQueries({ queryKey: userKeys.lists() });
    if (me?.id === saved.id) {
      await reload();
      await queryClient.invalidateQueries({ queryKey: meKeys.permissions(saved.id) });
    }
  };
}

/** Reads an account again (someone else saved it first); answers the version read last. */
export function useUserReload() {
  const queryClient = useQueryClient();
  return {
    reload: (id: string) => void queryClient.invalidateQueries({ queryKey: userKeys.detail(id) }),
    version: (user: User) => queryClient.getQueryData<User>(userKeys.detail(user.id))?.version ?? user.version,
  };
}

// Org units

export function createOrgUnit(body: Schemas['NewOrgUnitRequest'], headers: KeyHeaders) {
  return unwrap(api.POST('/api/v1/org-units', { body, headers }));
}

export function updateOrgUnit(id: string, body: Schemas['OrgUnitPatch']) {
  return unwrap(api.PATCH('/api/v1/org-units/{id}', { params: { path: { id } }, body }));
}

/** After a unit was added or changed: the record in the cache, every unit query read again. */
export function useOrgUnitSaved() {
  const queryClient = useQueryClient();
  return async (saved: OrgUnit) => {
    queryClient.setQueryData(unitKeys.detail(saved.id), saved);
    await queryClient.invalidateQueries({ queryKey: unitKeys.all });
  };
}

/** Reads a unit again (someone else saved it first); answers the version read last. */
export function useOrgUnitReload() {
  const queryClient = useQueryClient();
  return {
    reload: (id: string) => void queryClient.invalidateQueries({ queryKey: unitKeys.detail(id) }),
    version: (unit: OrgUnit) => queryClient.getQueryData<OrgUnit>(unitKeys.detail(unit.id))?.version ?? unit.version,
  };
}

// Organisations

export function useOrganizationList(filter: OrganizationFilter) {
  return useCursorList(organizationKeys.list(filter), (cursor) => fetchOrganizations(filter, cursor));
}

export function createOrganization(body: Schemas['NewOrganizationRequest'], headers: KeyHeaders) {
  return unwrap(api.POST('/api/v1/organizations', { body, headers }));
}

export function updateOrganization(id: string, body: Schemas['OrganizationPatch']) {
  return unwrap(api.PATCH('/api/v1/organizations/{id}', { params: { path: { id } }, body }));
}

/** After an organisation was added or changed: the record in the cache, every organisation query read again. */
export function useOrganizationSaved() {
  const queryClient = useQueryClient();
  return async (saved: Organization) => {
    queryClient.setQueryData(organizationKeys.detail(saved.id), saved);
    await queryClient.invalidateQueries({ queryKey: organizationKeys.all });
  };
}

/** Every organisation query read again (after a 409: someone else saved first). */
export function useOrganizationsReload() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: organizationKeys.all });
}

// API keys (an integration organisation's, for Open311): the district admin's only.

export type ApiKey = Schemas['ApiKey'];
export type IssuedApiKey = Schemas['IssuedApiKey'];

export const apiKeyKeys = {
  list: (organizationId: string) => [...organizationKeys.detail(organizationId), 'api-keys'] as const,
};

/** The organisation's keys, newest first, revoked ones too. */
export function useApiKeys(organizationId: string) {
  return useQuery({
    queryKey: apiKeyKeys.list(organizationId),
    queryFn: () => unwrap(api.GET('/api/v1/organizations/{id}/api-keys', { params: { path: { id: organizationId } } })),
  });
}

export function issueApiKey(organizationId: string, body: Schemas['NewApiKeyRequest'], headers: KeyHeaders) {
  return unwrap(api.POST('/api/v1/organizations/{id}/api-keys', { params: { path: { id: organizationId } }, body, headers }));
}

export function revokeApiKey(organizationId: string, keyId: string) {
  return unwrap(
    api.POST('/api/v1/organizations/{id}/api-keys/{key_id}/revoke', { params: { path: { id: organizationId, key_id: keyId } } }),
  );
}

/** After a key was issued or revoked: the organisation's keys read again. */
export function useApiKeysChanged() {
  const queryClient = useQueryClient();
  return (organizationId: string) => queryClient.invalidateQueries({ queryKey: apiKeyKeys.list(organizationId) });
}
