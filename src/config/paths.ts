import fs from 'fs';
import path from 'path';

let root: string | undefined;

/** The repository (package) root: the nearest folder above this file with package.json. Works from src/ and dist/. */
export function repoRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the package root');
    dir = up;
  }
  root = dir;
  return dir;
}
