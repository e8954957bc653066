import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests. Each request takes the next scripted
 * behaviour (then `ok` once the script is used up): answer a status, never answer (the sender's
 * time-out fires), or drop the connection without a response.
 */

export type Behaviour = { status: number } | 'hang' | 'close' | 'ok';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  behaviour: Behaviour;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Appends behaviours for the coming requests. */
  script(...behaviours: Behaviour[]): void;
  /** Resolves once `count` requests have arrived in all. */
  waitFor(count: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(...behaviours: Behaviour[]): Promise<Receiver> {
  const queue: Behaviour[] = [...behaviours];
  const received: Received[] = [];
  const waiters: { count: number; resolve: (all: Received[]) => void }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const behaviour = queue.shift() ?? 'ok';
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), behaviour });
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve(received);
      if (behaviour === 'hang') return;
      if (behaviour === 'close') {
        request.socket.destroy();
        return;
      }
      response.writeHead(behaviour === 'ok' ? 204 : behaviour.status, { 'content-type': 'text/plain' });
      response.end(behaviour === 'ok' ? undefined : 'receiver says no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    script: (...more) => queue.push(...more),
    waitFor: (count) =>
      received.length >= count ? Promise.resolve(received) : new Promise((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
