// 附议: one tap, and the answer is always said: the new count, or why it was refused. Drawn
// only where the API offers it (`allowed_actions` holds `cosign`), and as a settled
// "已附议" where the reader has co-signed already. Plain HTML (styles.css): it is on the
// public demand page, which draws no antd.
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { api, unwrap, type Schemas } from '../api/client';
import { rootKeys } from '../api/keys';
import { useSubmit } from '../api/submission';
import { useErrorText } from './errors';
import { LikeIcon } from './icons';

type Cosignable = Pick<Schemas['Demand'], 'id' | 'allowed_actions' | 'cosigned_by_me'>;

/** Whether a co-sign button (or its settled "已附议") belongs on this demand for its reader. */
export const offersCosign = (demand: Cosignable) => demand.cosigned_by_me || demand.allowed_actions.includes('cosign');

export function CosignButton({
  demand,
  onCosigned,
}: {
  demand: Cosignable;
  onCosigned?: (demand: Schemas['Demand']) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const cosign = useSubmit((_: void, headers) => unwrap(api.POST('/api/v1/demands/{id}/cosign', { params: { path: { id: demand.id } }, headers })), {
    onSuccess: (updated) => {
      // Every demand query, the signed-in lists and records and the public board alike.
      void queryClient.invalidateQueries({ queryKey: rootKeys.demands });
      onCosigned?.(updated);
    },
  });

  if (!offersCosign(demand)) return null;
  const done = demand.cosigned_by_me || cosign.isSuccess;
  return (
    <div className="cosign">
      <button
        type="button"
        className={done ? 'btn' : 'btn btn-ghost'}
        onClick={() => cosign.mutate()}
        disabled={cosign.isPending || done}
        aria-busy={cosign.isPending}
      >
        <LikeIcon />
        {done ? t('demand.cosigned') : t('demand.cosign')}
      </button>
      <span aria-live="polite">
        {cosign.isSuccess && <span className="text-success">{t('demandCosign.done', { n: cosign.data.cosign_count })}</span>}
        {cosign.isError && (
          <span className="text-danger" role="alert">
            {errorText(cosign.error)}
          </span>
        )}
      </span>
    </div>
  );
}
