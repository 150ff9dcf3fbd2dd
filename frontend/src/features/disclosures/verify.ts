// What a disclosure's mark says: 已验证 only once this browser has asked the server to
// recompute its hash (`/verify`) and been told it is intact, and the hash recomputed is the
// one shown; 校验未通过 when told otherwise; 校验中 until then; 暂未能校验 when the check
// could not be made (the network), which proves nothing either way.
import type { Schemas } from '../../api/client';

export type VerifyState = 'pending' | 'valid' | 'invalid' | 'unavailable';

export function verifyState(
  check: { data?: Schemas['DisclosureVerification']; error?: unknown },
  shown: { sha256: string; previous_sha256?: string | null },
): VerifyState {
  if (check.data) {
    const same = check.data.sha256 === shown.sha256 && (check.data.previous_sha256 ?? null) === (shown.previous_sha256 ?? null);
    return check.data.valid && same ? 'valid' : 'invalid';
  }
  if (check.error) return 'unavailable';
  return 'pending';
}
