/**
 * The admin socket's transport (ADR 0018): node:http on a unix socket, mode 0600 — whoever can open
 * the file is the technician, so there is no other authentication. A small route table, JSON bodies
 * validated by each route, errors as `{ code, message, field? }` with core's status per code, and
 * NDJSON streams for progress and live events (a client that hangs up aborts the route's signal).
 * A socket file left by a hub that died is removed; one that answers means another hub runs on this
 * data directory, and this one refuses to start rather than share the database.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { DomainError, httpStatusOf } from '@studyspot/core';
import { RefusedError } from './backup.ts';
import { MAX_SOCKET_PATH } from './paths.ts';

export interface AdminRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Aborts when the client hangs up. */
  signal: AbortSignal;
}

/** A streaming reply: one JSON object per line. */
export interface AdminStream {
  write(event: object): void;
}

export type AdminReply = { json: unknown; status?: number } | { stream: (out: AdminStream) => Promise<void> };

export type AdminRoute = [
  method: string,
  pattern: string,
  handler: (req: AdminRequest) => Promise<AdminReply>,
];

const MAX_BODY = 64 * 1024;

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = got[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new DomainError('validation_failed', `bodies are limited to ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new DomainError('validation_failed', 'the body is not JSON');
  }
}

/** The error body and status for anything a route threw. */
export function errorReply(error: unknown): {
  status: number;
  body: { code: string; message: string; field?: string };
} {
  if (error instanceof RefusedError)
    return { status: 409, body: { code: error.code, message: error.message } };
  if (error instanceof DomainError) {
    const field = typeof error.meta.field === 'string' ? { field: error.meta.field } : {};
    return { status: httpStatusOf[error.code], body: { code: error.code, message: error.message, ...field } };
  }
  return {
    status: 500,
    body: { code: 'internal', message: error instanceof Error ? error.message : String(error) },
  };
}

async function dispatch(
  routes: readonly AdminRoute[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://admin');
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let reply: AdminReply;
  try {
    const found = routes
      .map(([method, pattern, handler]) => ({ method, handler, params: match(pattern, url.pathname) }))
      .find((r) => r.params && r.method === req.method);
    if (!found?.params) throw new DomainError('not_found', `no admin route ${req.method} ${url.pathname}`);
    const body = req.method === 'GET' ? {} : await readBody(req);
    reply = await found.handler({
      params: found.params,
      query: url.searchParams,
      body,
      signal: abort.signal,
    });
  } catch (error) {
    const { status, body } = errorReply(error);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return;
  }
  if ('json' in reply) {
    res
      .writeHead(reply.status ?? 200, { 'content-type': 'application/json' })
      .end(JSON.stringify(reply.json));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  const out: AdminStream = {
    write: (event) => void (res.writableEnded || res.write(`${JSON.stringify(event)}\n`)),
  };
  try {
    await reply.stream(out);
  } catch (error) {
    out.write({ type: 'error', ...errorReply(error).body });
  }
  res.end();
}

/** Whether something answers on the socket at `path`. */
export function socketAnswers(path: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = connect(path);
    const done = (answer: boolean) => {
      conn.destroy();
      resolve(answer);
    };
    conn.setTimeout(timeoutMs, () => done(false));
    conn.once('connect', () => done(true));
    conn.once('error', () => done(false));
  });
}

export interface AdminSocketServer {
  server: Server;
  close(): Promise<void>;
}

export async function listenAdminSocket(
  path: string,
  routes: readonly AdminRoute[],
): Promise<AdminSocketServer> {
  if (path.length > MAX_SOCKET_PATH)
    throw new Error(
      `admin socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes; set adminSocket to a shorter path`,
    );
  if (existsSync(path)) {
    if (await socketAnswers(path))
      throw new Error(`another hub is running on this data directory (${path} answers)`);
    unlinkSync(path);
  }
  const server = createServer((req, res) => {
    dispatch(routes, req, res).catch(() => res.destroy());
  });
  // Created 0600 from the start (umask for the bind, restored in the same tick), then chmod to be sure.
  const previous = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
      process.umask(previous);
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(path, 0o600);
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
