// A price-table server on 127.0.0.1 (port 0) for the fetcher's price sources: one document per path, served with
// an ETag and a Last-Modified that it honours (If-None-Match / If-Modified-Since -> 304), injectable faults, and a
// log of every request's path and headers.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PriceFault =
  | { type: 'status'; status: number; times?: number }
  | { type: 'html' }
  | { type: 'truncated' }
  | { type: 'hang' };

export interface PriceDocument {
  body: string;
  /** Send validators (default true); without them only the fetcher's digest can tell that nothing changed. */
  validators?: boolean;
  fault?: PriceFault;
}

export interface PriceMock {
  url(path: string): string;
  docs: Map<string, PriceDocument>;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

const LAST_MODIFIED = 'Tue, 01 Dec 2026 08:00:00 GMT';

export async function startPriceMock(docs: Record<string, PriceDocument> = {}): Promise<PriceMock> {
  const map = new Map(Object.entries(docs));
  const requests: PriceMock['requests'] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, headers: req.headers });
    const doc = map.get(path);
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const fault = doc.fault;
    if (fault?.type === 'hang') return;
    if (fault?.type === 'status' && (fault.times === undefined || fault.times-- > 0)) {
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end(`fault ${fault.status}`);
      return;
    }
    if (fault?.type === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><title>Sign in to the network</title></head></html>');
      return;
    }
    const body = fault?.type === 'truncated' ? doc.body.slice(0, Math.floor(doc.body.length / 2)) : doc.body;
    const etag = `"${createHash('sha256').update(doc.body).digest('hex').slice(0, 16)}"`;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (doc.validators !== false) {
      headers.etag = etag;
      headers['last-modified'] = LAST_MODIFIED;
      if (!fault && req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === LAST_MODIFIED)) {
        res.writeHead(304, headers).end();
        return;
      }
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    docs: map,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
