import { useQuery } from '@tanstack/react-query';

import { permissionsQuery } from './api';
import { useAuth } from './AuthProvider';

/** What the signed-in user may do: the roles it may give and where, passwords, roleless accounts. */
export function usePermissions() {
  const { user } = useAuth();
  return useQuery(permissionsQuery(user?.id));
}
