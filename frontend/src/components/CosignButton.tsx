// 附议: one tap, and the answer is always said: the new count, or why it was refused.
import { LikeOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { api, unwrap, type Schemas } from '../api/client';
import { useErrorText } from './errors';

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
    <Space wrap size="small">
      <Button
        icon={<LikeOutlined />}
        onClick={() => cosign.mutate()}
        loading={cosign.isPending}
        disabled={cosign.isSuccess}
        type={cosign.isSuccess ? 'default' : 'primary'}
        ghost={!cosign.isSuccess}
      >
        {cosign.isSuccess ? t('demand.cosigned') : t('demand.cosign')}
      </Button>
      <span aria-live="polite">
        {cosign.isSuccess && (
          <Typography.Text type="success">{t('cosign.done', { n: cosign.data.cosign_count })}</Typography.Text>
        )}
        {cosign.isError && (
          <Typography.Text type="danger" role="alert">
            {errorText(cosign.error)}
          </Typography.Text>
        )}
      </span>
    </Space>
  );
}
