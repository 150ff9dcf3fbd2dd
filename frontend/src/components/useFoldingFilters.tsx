// A list's filters: open on a tablet or wider; on a phone folded behind one "筛选" button
// (which counts the filters in use), so the list starts on the first screen. CSS decides
// which (styles.css, `.folding-toggle`): the first frame is already the right one. Plain
// HTML: the public board uses it before any antd has loaded.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FilterIcon } from './icons';

/**
 * `const [toggle, folded] = useFoldingFilters(n)`: draw `toggle` above the filters and spread
 * `folded` on the element holding them.
 */
export function useFoldingFilters(active: number) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const toggle = (
    <button type="button" className="btn folding-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
      <FilterIcon />
      {active > 0 ? t('common.filtersInUse', { n: active }) : t('common.filters')}
    </button>
  );
  return [toggle, { id, 'data-folded': !open }] as const;
}
