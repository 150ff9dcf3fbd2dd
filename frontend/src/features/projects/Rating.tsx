// A resident's 满意度 for a closed project it asked for: 1–5 stars and an optional comment,
// once. Big touch targets: it is mostly given on a phone.
import { StarFilled } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Rate, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

import { lockedWhile } from '../../api/submission';
import { useRate, type Project } from './api';
import { useProjectErrorText } from './rules';

export function RatingCard({ project }: { project: Project }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rate = useRate(project.id);
  const errorText = useProjectErrorText(project);
  const [form] = Form.useForm<{ score: number; comment?: string }>();
  const may = project.allowed_actions.includes('rate');
  // 我的需求's 请评价 leads here (`#rating`): the card is brought into view.
  const { hash } = useLocation();
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (hash === '#rating') card.current?.scrollIntoView?.({ block: 'start' });
  }, [hash]);
  return (
    <Card ref={card} id="rating" title={<h3 className="card-heading">{t('projectRating.heading')}</h3>}>
      {!may ? (
        <Typography.Text>{t('projectRating.rated')}</Typography.Text>
      ) : (
        <Form
          form={form}
          name="project_rating"
          layout="vertical"
          onFinish={(values) =>
            rate.mutate(
              { score: values.score, comment: values.comment?.trim() || null },
              { onSuccess: () => void message.success(t('projectRating.done')) },
            )
          }
        >
          <Form.Item name="score" label={t('projectRating.score')} rules={[
              // A validator, not `required`: antd would put aria-required on rc-rate's plain list.
              { validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('projectRating.scoreRequired')))) },
            ]}>
            <Rate
              className="rating-stars"
              aria-label={t('projectRating.score')}
              character={({ index = 0 }) => <StarFilled aria-label={t('projectRating.stars', { n: index + 1 })} />}
            />
          </Form.Item>
          <Form.Item name="comment" label={t('projectRating.comment')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount />
          </Form.Item>
          {rate.error && <div className="alert alert-error" role="alert" style={{ marginBottom: 12 }}>{errorText(rate.error)}</div>}
          <Button type="primary" htmlType="submit" {...lockedWhile(rate.isPending)} block>
            {t('projectRating.submit')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
