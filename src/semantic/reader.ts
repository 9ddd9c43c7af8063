import { ErrorReporter, Loc } from './errors';
import { Located } from './source';

type Entry = { keyLoc: Loc; node: Located };

/**
 * Reads fields of one YAML mapping, reporting each problem (missing field, wrong
 * type, unknown field) at its line and carrying on, so every problem is reported.
 */
export class MapReader {
  private readonly used = new Set<string>();

  constructor(
    readonly node: Extract<Located, { kind: 'map' }>,
    readonly errors: ErrorReporter,
    readonly what: string,
  ) {}

  static of(node: Located | undefined, errors: ErrorReporter, what: string, at: Loc): MapReader | null {
    if (!node) return null;
    if (node.kind !== 'map') {
      errors.error(node.loc ?? at, `${what} must be a mapping`);
      return null;
    }
    return new MapReader(node, errors, what);
  }

  get loc(): Loc {
    return this.node.loc;
  }

  has(key: string): boolean {
    return this.node.entries.has(key);
  }

  keys(): string[] {
    return [...this.node.entries.keys()];
  }

  entry(key: string): Entry | undefined {
    this.used.add(key);
    return this.node.entries.get(key);
  }

  locOf(key: string): Loc {
    return this.node.entries.get(key)?.node.loc ?? this.node.loc;
  }

  keyLoc(key: string): Loc {
    return this.node.entries.get(key)?.keyLoc ?? this.node.loc;
  }

  private missing(key: string): void {
    this.errors.error(this.node.loc, `${this.what}: missing field \`${key}\``);
  }

  private wrong(key: string, e: Entry, expected: string): void {
    const got = e.node.kind === 'scalar' ? JSON.stringify(e.node.value) : `a ${e.node.kind === 'map' ? 'mapping' : 'list'}`;
    this.errors.error(e.node.loc, `${this.what}: \`${key}\` must be ${expected} (got ${got})`);
  }

  str(key: string): string | null;
  str(key: string, optional: true): string | null;
  str(key: string, optional = false): string | null {
    const e = this.entry(key);
    if (!e || (e.node.kind === 'scalar' && e.node.value === null && optional)) {
      if (!optional) this.missing(key);
      return null;
    }
    if (e.node.kind !== 'scalar' || typeof e.node.value !== 'string' || e.node.value.trim() === '') {
      this.wrong(key, e, 'a non-empty string');
      return null;
    }
    return e.node.value;
  }

  /** A string or a number (expressions may be written as plain numbers). */
  text(key: string, optional = false): string | null {
    const e = this.entry(key);
    if (!e) {
      if (!optional) this.missing(key);
      return null;
    }
    if (e.node.kind === 'scalar' && (typeof e.node.value === 'number' || typeof e.node.value === 'boolean')) return String(e.node.value);
    return this.str(key, optional as true);
  }

  num(key: string, optional = false): number | null {
    const e = this.entry(key);
    if (!e) {
      if (!optional) this.missing(key);
      return null;
    }
    if (e.node.kind !== 'scalar' || typeof e.node.value !== 'number' || !Number.isFinite(e.node.value)) {
      if (e.node.kind === 'scalar' && e.node.value === null && optional) return null;
      this.wrong(key, e, 'a number');
      return null;
    }
    return e.node.value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], optional = false): T | null {
    const v = this.str(key, optional as true);
    if (v === null) return null;
    if (!allowed.includes(v as T)) {
      this.errors.error(this.locOf(key), `${this.what}: \`${key}\` must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
      return null;
    }
    return v as T;
  }

  map(key: string, optional = false): MapReader | null {
    const e = this.entry(key);
    if (!e) {
      if (!optional) this.missing(key);
      return null;
    }
    if (e.node.kind !== 'map') {
      if (e.node.kind === 'scalar' && e.node.value === null && optional) return null;
      this.wrong(key, e, 'a mapping');
      return null;
    }
    return new MapReader(e.node, this.errors, `${this.what}.${key}`);
  }

  seq(key: string, optional = false): Located[] | null {
    const e = this.entry(key);
    if (!e) {
      if (!optional) this.missing(key);
      return null;
    }
    if (e.node.kind !== 'seq') {
      if (e.node.kind === 'scalar' && e.node.value === null && optional) return null;
      this.wrong(key, e, 'a list');
      return null;
    }
    return e.node.items;
  }

  /** Reports every key that no reader asked for (a typo such as `denominatr`). */
  rejectUnknown(): void {
    for (const [k, e] of this.node.entries) {
      if (!this.used.has(k)) this.errors.error(e.keyLoc, `${this.what}: unknown field \`${k}\``);
    }
  }
}
