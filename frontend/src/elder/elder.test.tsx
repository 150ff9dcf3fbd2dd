import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';

import { zhCN } from '../i18n/zh-CN';
import { ELDER_KEY, elderMode, setElderMode, useElderMode } from './elder';
import { ElderSwitch } from './ElderSwitch';

afterEach(() => {
  act(() => setElderMode(false));
  localStorage.clear();
});

function Words() {
  const { t } = useTranslation();
  const { elder } = useElderMode();
  return (
    <p>
      {elder ? 'elder' : 'standard'}: {t('demand.cosign')} / {t('demandStates.resolved')} / {t('nav.board')}
    </p>
  );
}

describe('elder mode', () => {
  it('is remembered on the device and marks the document for the styles', () => {
    expect(elderMode()).toBe(false);
    setElderMode(true);
    expect(localStorage.getItem(ELDER_KEY)).toBe('on');
    expect(document.documentElement.dataset.elder).toBe('on');
    setElderMode(false);
    expect(localStorage.getItem(ELDER_KEY)).toBeNull();
    expect(document.documentElement.dataset.elder).toBeUndefined();
  });

  it('can follow a choice kept elsewhere (the account) without storing it here', () => {
    setElderMode(true, { remember: false });
    expect(elderMode()).toBe(true);
    expect(localStorage.getItem(ELDER_KEY)).toBeNull();
  });

  it('is one switch that every screen follows, with plainer words while it is on', async () => {
    render(
      <>
        <ElderSwitch />
        <Words />
      </>,
    );
    const toggle = screen.getByRole('switch', { name: zhCN.elder.switch });
    expect(toggle.getAttribute('aria-checked')).toBe('false');
    expect(screen.getByText(`standard: ${zhCN.demand.cosign} / ${zhCN.demandStates.resolved} / ${zhCN.nav.board}`)).toBeTruthy();

    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    const plain = zhCN.elderPlain;
    // Jargon in plain words; what has no plainer form (公示栏) stays as it is.
    expect(await screen.findByText(`elder: ${plain.demand.cosign} / ${plain.demandStates.resolved} / ${zhCN.nav.board}`)).toBeTruthy();

    await userEvent.click(toggle);
    expect(await screen.findByText(`standard: ${zhCN.demand.cosign} / ${zhCN.demandStates.resolved} / ${zhCN.nav.board}`)).toBeTruthy();
  });

  it('has a plainer form only for texts that exist', () => {
    const keys = (o: object, at = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${at}${k}`] : keys(v as object, `${at}${k}.`)));
    const all = new Set(keys(zhCN));
    for (const key of keys(zhCN.elderPlain)) expect(all.has(key), key).toBe(true);
  });
});
