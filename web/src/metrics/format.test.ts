import { formatChange, formatDuration, formatValue, NO_VALUE } from './format';

describe('formatting metric values by their definition format', () => {
  it('durations are m:ss, or h:mm:ss from an hour on', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(266.666)).toBe('4:27');
    expect(formatDuration(59.5)).toBe('1:00');
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('each format', () => {
    expect(formatValue(1234, 'integer')).toBe('1,234');
    expect(formatValue(1 / 3, 'percent')).toBe('33.3%');
    expect(formatValue(1, 'percent')).toBe('100.0%');
    expect(formatValue(250, 'duration')).toBe('4:10');
    expect(formatValue(4.256, 'decimal')).toBe('4.26');
    expect(formatValue(1234.5, 'currency')).toBe('1,234.50');
  });

  it('a value that is undefined (a ratio over nothing) is a dash, never 0 or NaN', () => {
    expect(formatValue(null, 'percent')).toBe(NO_VALUE);
    expect(formatValue(undefined, 'integer')).toBe(NO_VALUE);
    expect(formatValue(NaN, 'decimal')).toBe(NO_VALUE);
  });

  it('period-over-period change', () => {
    expect(formatChange(110, 100)).toBe('+10.0%');
    expect(formatChange(75, 100)).toBe('-25.0%');
    expect(formatChange(5, 0)).toBeNull();
    expect(formatChange(null, 3)).toBeNull();
  });
});
