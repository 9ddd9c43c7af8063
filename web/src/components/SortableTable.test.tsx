/** @jest-environment jsdom */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { SortableTable } from './SortableTable';

const rows = [
  { id: 'e1', name: 'Ava', aht: 300 },
  { id: 'e2', name: 'Ben', aht: null },
  { id: 'e3', name: 'Cem', aht: 120 },
];

function names(): string[] {
  const body = screen.getByRole('table').querySelector('tbody')!;
  return within(body).getAllByRole('rowheader').map((c) => c.textContent ?? '');
}

describe('SortableTable', () => {
  beforeEach(() => {
    render(
      <SortableTable
        caption="Agents"
        rows={rows}
        rowKey={(r) => r.id}
        columns={[
          { key: 'name', label: 'Agent', value: (r) => r.name },
          { key: 'aht', label: 'AHT', value: (r) => r.aht, numeric: true, firstDirection: 'asc' },
        ]}
      />,
    );
  });

  it('sorts by a column from its header button, and says so with aria-sort', () => {
    expect(names()).toEqual(['Ava', 'Ben', 'Cem']);
    const aht = screen.getByRole('button', { name: /AHT/ });
    fireEvent.click(aht);
    expect(names()).toEqual(['Cem', 'Ava', 'Ben']);
    expect(aht.closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(aht);
    expect(names()).toEqual(['Ava', 'Cem', 'Ben']); // no data stays last
    expect(aht.closest('th')!.getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('button', { name: /Agent/ }).closest('th')!.hasAttribute('aria-sort')).toBe(false);
  });

  it('headers are buttons, so the keyboard reaches them, and the scroll region is focusable', () => {
    for (const b of screen.getAllByRole('button')) expect(b.tagName).toBe('BUTTON');
    expect(screen.getByRole('region', { name: 'Agents' }).getAttribute('tabindex')).toBe('0');
  });
});
