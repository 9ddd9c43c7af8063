export type SortDirection = 'asc' | 'desc';
export type SortValue = number | string | null | undefined;

/**
 * Sorts a copy of `rows` by one value. Missing values (a ratio over nothing) go last in
 * both directions, so sorting never puts "no data" at the top of a ranking; ties keep
 * their order (Array.prototype.sort is stable).
 */
export function sortRows<R>(rows: readonly R[], value: (r: R) => SortValue, direction: SortDirection): R[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const xNull = x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x));
    const yNull = y === null || y === undefined || (typeof y === 'number' && Number.isNaN(y));
    if (xNull || yNull) return xNull === yNull ? 0 : xNull ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    return sign * String(x).localeCompare(String(y), 'en', { numeric: true, sensitivity: 'base' });
  });
}
