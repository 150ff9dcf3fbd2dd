// 附议: one tap, and the answer is always said: the new count, or why it was refused. Plain
// HTML (styles.css): it is on the public demand page, which draws no antd.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { api, unwrap, type Schemas } from '../api/client';
import { useErrorText } from './errors';
import { LikeIcon } from './icons';

/** Query keys holding demands: the signed-in lists and records, and the public board. */
export const DEMAND_QUERY_KEYS = [['demands'], ['public-demands']] as const;

export function CosignButton({
  demandId,
  onCosigned,
}: {
  demandId: string;
  onCosigned?: (demand: Schemas['Demand']) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const cosign = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/demands/{id}/cosign', { params: { path: { id: demandId } } })),
    onSuccess: (demand) => {
      for (const queryKey of DEMAND_QUERY_KEYS) void queryClient.invalidateQueries({ queryKey });
      onCosigned?.(demand);
    },
  });

  return (
    <div className="cosign">
      <button
        type="button"
        className={cosign.isSuccess ? 'btn' : 'btn btn-ghost'}
        onClick={() => cosign.mutate()}
        disabled={cosign.isPending || cosign.isSuccess}
        aria-busy={cosign.isPending}
      >
        <LikeIcon />
        {cosign.isSuccess ? t('demand.cosigned') : t('demand.cosign')}
      </button>
      <span aria-live="polite">
        {cosign.isSuccess && <span className="text-success">{t('cosign.done', { n: cosign.data.cosign_count })}</span>}
        {cosign.isError && (
          <span className="text-danger" role="alert">
            {errorText(cosign.error)}
          </span>
        )}
      </span>
    </div>
  );
}
