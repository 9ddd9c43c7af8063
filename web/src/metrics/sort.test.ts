import { sortRows } from './sort';

const rows = [
  { name: 'Ava', aht: 300 },
  { name: 'ben', aht: null },
  { name: 'Agent 10', aht: 120 },
  { name: 'Agent 9', aht: 300 },
];

describe('sortRows', () => {
  it('sorts numbers both ways, with missing values last either way', () => {
    expect(sortRows(rows, (r) => r.aht, 'asc').map((r) => r.name)).toEqual(['Agent 10', 'Ava', 'Agent 9', 'ben']);
    expect(sortRows(rows, (r) => r.aht, 'desc').map((r) => r.name)).toEqual(['Ava', 'Agent 9', 'Agent 10', 'ben']);
  });

  it('sorts text naturally and case-blind', () => {
    expect(sortRows(rows, (r) => r.name, 'asc').map((r) => r.name)).toEqual(['Agent 9', 'Agent 10', 'Ava', 'ben']);
  });

  it('leaves its input alone', () => {
    const copy = [...rows];
    sortRows(rows, (r) => r.aht, 'desc');
    expect(rows).toEqual(copy);
  });
});
