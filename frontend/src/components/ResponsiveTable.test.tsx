import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { ResponsiveTable } from './ResponsiveTable';

interface Row {
  id: string;
  name: string;
  unit: { name: string };
  disabled: boolean;
}
const rows: Row[] = [
  { id: 'a', name: '张伟', unit: { name: '兴华南街社区' }, disabled: false },
  { id: 'b', name: '李娜', unit: { name: '淮河东路社区' }, disabled: true },
];

describe('ResponsiveTable', () => {
  // The test setup's matchMedia matches nothing: a phone.
  it('draws a card per row on a phone, the first column its heading, the others labelled', () => {
    render(
      <ResponsiveTable<Row>
        rowKey="id"
        aria-label="用户"
        dataSource={rows}
        pagination={false}
        columns={[
          { key: 'name', title: '姓名', dataIndex: 'name' },
          { key: 'unit', title: '单位', dataIndex: ['unit', 'name'] },
          { key: 'state', title: '状态', render: (_, r) => (r.disabled ? '已停用' : '正常') },
          { key: 'actions', title: '', render: (_, r) => <button type="button">编辑{r.name}</button> },
        ]}
      />,
    );
    expect(screen.queryByRole('table')).toBeNull();
    const cards = within(screen.getByRole('list', { name: '用户' })).getAllByRole('article');
    expect(cards).toHaveLength(2);
    const second = within(cards[1]);
    expect(cards[1].querySelector('.table-card-head')?.textContent).toBe('李娜');
    expect(second.getByText('单位').tagName).toBe('DT');
    expect(second.getByText('淮河东路社区').tagName).toBe('DD');
    expect(second.getByText('已停用')).toBeTruthy();
    expect(second.getByRole('button', { name: '编辑李娜' })).toBeTruthy();
  });

  it('says when there is nothing', () => {
    render(<ResponsiveTable<Row> rowKey="id" dataSource={[]} locale={{ emptyText: '暂无用户' }} columns={[{ key: 'name', title: '姓名', dataIndex: 'name' }]} />);
    expect(screen.getByText('暂无用户')).toBeTruthy();
  });
});
