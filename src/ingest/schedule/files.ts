import fs from 'fs';
import path from 'path';

export interface FoundFile {
  path: string;
  size: number;
  mtime: Date;
}

function patternToRegExp(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${re}$`);
}

/**
 * Regular files a sync watches: every file of a drop folder, or the files matching a
 * glob whose wildcards (`*`, `?`) are in its last segment. Sorted by name, so files
 * are ingested in a stable order. Dot-files and partial uploads (`*.tmp`, `*.part`) are skipped.
 */
export async function listSyncFiles(spec: string): Promise<FoundFile[]> {
  let dir = spec;
  let match: RegExp | null = null;
  const base = path.basename(spec);
  if (/[*?]/.test(base)) {
    dir = path.dirname(spec);
    match = patternToRegExp(base);
  }
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: FoundFile[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.') || /\.(tmp|part)$/.test(name)) continue;
    if (match && !match.test(name)) continue;
    const p = path.join(dir, name);
    const st = await fs.promises.stat(p).catch(() => null);
    if (st?.isFile()) out.push({ path: p, size: st.size, mtime: st.mtime });
  }
  return out;
}
