// The parts every record's timeline shares: who did what, said by role (and by name where the
// API gives one), and the lines of what an event holds beyond its states.
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "社区工作者 王芳 受理公示": officials over the record get the name and the role, everyone
 * else the role, as the API decides; no role is the system. `action` is already in words.
 */
export function EventSentence({ role, name, action }: { role?: string | null; name?: string | null; action: string }) {
  const { t } = useTranslation();
  if (!role) return <>{t('timeline.bySystem', { action })}</>;
  const roleText = t(`roles.${role}`, { defaultValue: role });
  return <>{name ? t('timeline.byNamed', { role: roleText, name, action }) : t('timeline.byRole', { role: roleText, action })}</>;
}

/** An event's details, one line each, line breaks kept. */
export function EventLines({ lines }: { lines: ReactNode[] }) {
  return lines.map((line, i) => (
    <Typography.Text key={i} className="prose">
      {line}
    </Typography.Text>
  ));
}
