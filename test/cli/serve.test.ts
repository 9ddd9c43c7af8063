import fs from 'fs';
import os from 'os';
import path from 'path';
import { runCli } from '../support/cli';

describe('switchboard serve', () => {
  it('refuses to start on invalid metric definitions, naming file and line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-badmetrics-'));
    fs.cpSync(path.resolve(__dirname, '../../metrics'), dir, { recursive: true });
    const aht = path.join(dir, 'aht.yaml');
    fs.writeFileSync(aht, fs.readFileSync(aht, 'utf8').replace('fact: interaction', 'fact: no_such_fact'));
    try {
      const r = runCli(['serve', '--port', '4999'], {
        SWITCHBOARD_METRICS_DIR: dir,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/never-reached',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/^switchboard: 1 problem in metric definitions:\n/);
      expect(r.stderr).toMatch(/aht\.yaml:\d+(:\d+)?: .*no_such_fact/);
      expect(r.stderr).not.toMatch(/cannot connect/); // it stopped before touching the database
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a bad --port', () => {
    const r = runCli(['serve', '--port', 'eighty'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('switchboard: --port: must be a whole number between 1 and 65535 (got "eighty")\n');
  });
});
