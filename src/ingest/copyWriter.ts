import { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Writable } from 'stream';

/**
 * Streams rows into `COPY <table> FROM STDIN` with backpressure: lines are batched
 * into ~256 KB writes, and the producer waits whenever PostgreSQL is behind, so
 * memory stays bounded whatever the input size.
 */
export class CopyWriter {
  private buf: string[] = [];
  private size = 0;
  private readonly stream: Writable;
  private readonly done: Promise<void>;
  private failed: Error | null = null;

  constructor(client: PoolClient, sql: string) {
    this.stream = client.query(copyFrom(sql));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (e) => {
        this.failed = e;
        reject(e);
      });
    });
    this.done.catch(() => undefined);
  }

  async writeLine(line: string): Promise<void> {
    this.buf.push(line);
    this.size += line.length;
    if (this.size >= 256 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    if (this.buf.length === 0) return;
    const data = this.buf.join('');
    this.buf = [];
    this.size = 0;
    if (!this.stream.write(data)) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          this.stream.off('error', onError);
          resolve();
        };
        const onError = (e: Error) => {
          this.stream.off('drain', onDrain);
          reject(e);
        };
        this.stream.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }

  /** Abandons the COPY (CopyFail), so the connection can roll back instead of waiting for more rows. */
  async abort(): Promise<void> {
    if (this.stream.destroyed) return;
    const closed = new Promise<void>((resolve) => this.stream.once('close', () => resolve()));
    this.stream.destroy(new Error('ingest aborted'));
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
    await this.done;
  }
}
