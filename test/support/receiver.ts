import http from 'http';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body, byte for byte. */
  body: Buffer;
  at: number;
}

/** What the receiver does with the next request: answer with a status, or hang (hold) until released. */
export type Reply = number | 'hang' | 'hold';

/**
 * A local HTTP receiver for webhook tests: records every request with its raw
 * body and answers from a script (default 200). `hang` never answers (the
 * sender must time out); `hold` answers 200 only when `release()` is called.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const script: Reply[] = [];
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      const reply = script.shift() ?? 200;
      if (reply === 'hang') return;
      if (reply === 'hold') return void held.push(res);
      res.writeHead(reply, { 'content-type': 'text/plain' }).end(reply < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    /** Replies for the next requests, in order. */
    reply: (...r: Reply[]) => void script.push(...r),
    release: () => held.splice(0).forEach((res) => res.writeHead(200).end('ok')),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
