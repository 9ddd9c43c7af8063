import { isUtf8 } from 'buffer';
import fc from 'fast-check';
import { assertTextHead, byteProblem, firstInvalidUtf8 } from './text';

describe('text checks', () => {
  it('firstInvalidUtf8 agrees with buffer.isUtf8 on any bytes, and points at a byte that starts no valid sequence', () => {
    const bytes = fc.uint8Array({ maxLength: 64 });
    // mostly-valid text with a few odd bytes finds more edge cases than uniform noise
    const texty = fc.tuple(fc.string({ unit: 'binary', maxLength: 20 }), bytes.filter((b) => b.length <= 3), fc.string({ unit: 'binary', maxLength: 20 })).map(([a, b, c]) => Buffer.concat([Buffer.from(a), Buffer.from(b), Buffer.from(c)]));
    fc.assert(
      fc.property(fc.oneof(bytes, texty), (b) => {
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(isUtf8(b));
        if (at >= 0) {
          expect(isUtf8(b.subarray(0, at))).toBe(true);
          expect(isUtf8(b.subarray(at, at + 4).subarray(0, 1))).toBe(false);
        }
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it('names the first bad byte with its line and byte', () => {
    expect(byteProblem(Buffer.from('ok\nfine é\nbad \xff', 'latin1'), 10)).toBe('is not UTF-8 text (byte 0xe9 at line 11, byte 6)');
    expect(byteProblem(Buffer.from([0x61, 0x0a, 0x62, 0x00]), 3)).toBe('contains a NUL byte (0x00) at line 4, byte 2');
    expect(byteProblem(Buffer.from('żółw', 'utf8'), 1)).toBeNull();
  });

  it('a text file with a few bad bytes is text; a file of mostly binary is not', () => {
    const text = Buffer.concat([Buffer.from('id,name\n'.repeat(40)), Buffer.from([0x00, 0xff, 0x01])]);
    expect(() => assertTextHead('t.csv', text)).not.toThrow();
    expect(() => assertTextHead('e.csv', Buffer.alloc(0))).not.toThrow();
    expect(() => assertTextHead('b.csv', Buffer.from([0x41, 0x42, 0x00, 0x00, 0x00, 0x43]))).toThrow('b.csv: not a text file (binary content at byte 2)');
    expect(() => assertTextHead('u.csv', Buffer.from('\ufeffid', 'utf16le'))).toThrow('u.csv: not a UTF-8 text file (UTF-16 byte order mark): save it as UTF-8');
  });
});
