/**
 * The small HTTP server behind `--prometheus`: `GET /metrics` (and `HEAD`) answers with what
 * `render` returns at that moment, in the Prometheus text format; other paths are 404, other
 * methods 405. Bound to 127.0.0.1 unless a host is given. `close` ends open connections too, so
 * nothing keeps the process alive after a run.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KbenchError } from '../errors.js';
import { PROMETHEUS_CONTENT_TYPE } from '../report/prometheus-text.js';

export const DEFAULT_METRICS_HOST = '127.0.0.1';
export const METRICS_PATH = '/metrics';

export interface ListenAddress {
  host: string;
  /** 0: any free port. */
  port: number;
}

/** `9464`, `0.0.0.0:9464`, `localhost:9464`, `[::1]:9464`; port 0 picks a free one. */
export function parseListenAddress(text: string, option = '--prometheus'): ListenAddress {
  const match = /^(?:\[([^\]]+)\]:|([^:[\]]+):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || port > 65_535) {
    throw new KbenchError('usage', `${option} expects a port or host:port, such as 9464, 0 (a free port) or 0.0.0.0:9464, got "${text}"`, {
      hint: `without a host it listens on ${DEFAULT_METRICS_HOST} only`,
    });
  }
  return { host: match[1] ?? match[2] ?? DEFAULT_METRICS_HOST, port };
}

export interface MetricsServer {
  /** E.g. `http://127.0.0.1:9464/metrics`, with the port really bound. */
  url: string;
  close(): Promise<void>;
}

/** Listens on `address`; a usage error (exit 2) when it cannot (port taken, unknown host…). */
export async function startMetricsServer(address: ListenAddress, render: () => string, option = '--prometheus'): Promise<MetricsServer> {
  const server = createServer((request, response) => answer(request, response, render));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new KbenchError('usage', `${option}: cannot listen on ${formatHost(address.host)}:${address.port}: ${error.code ?? error.message}`, {
          hint: error.code === 'EADDRINUSE' ? 'the port is taken: give another one, or 0 for a free one' : undefined,
        }),
      );
    };
    server.once('error', onError);
    server.listen(address.port, address.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${formatHost(address.host)}:${bound.port}${METRICS_PATH}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function answer(request: IncomingMessage, response: ServerResponse, render: () => string): void {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== METRICS_PATH) {
    reply(response, 404, `not found: the metrics are at ${METRICS_PATH}\n`);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    reply(response, 405, 'method not allowed\n');
    return;
  }
  let body: string;
  try {
    body = render();
  } catch (error) {
    reply(response, 500, `${error instanceof Error ? error.message : String(error)}\n`);
    return;
  }
  response.writeHead(200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : body);
}

function reply(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

/** IPv6 addresses in brackets, as URLs write them. */
function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
