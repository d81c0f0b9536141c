/**
 * The CLI's side of the admin socket: JSON requests and NDJSON streams over node:http on the unix
 * socket. A socket that is missing or refuses the connection means the hub is not running, which
 * is reported as such (exit 3), never as a stack trace; an error answer becomes a CliError with the
 * hub's message and the exit code its `code` calls for.
 */
import { request } from 'node:http';
import { CliError, type ExitCode, exitCodes } from './exit-codes.ts';

const REFUSALS = new Set([
  'corrupt_file',
  'not_a_hub_database',
  'newer_schema',
  'healthy_database',
  'exists',
  'hub_running',
]);

export function hubNotRunning(socket: string | null): CliError {
  return new CliError(
    exitCodes.hubNotRunning,
    socket
      ? `the hub is not running (nothing answers on ${socket}); start it with: sudo systemctl start studyspot-hub`
      : 'the hub has no admin socket (adminSocket: null in its config), so this command cannot reach it',
  );
}

function exitFor(code: string): ExitCode {
  if (REFUSALS.has(code)) return exitCodes.refused;
  if (code === 'validation_failed') return exitCodes.usage;
  return exitCodes.failed;
}

function errorOf(body: unknown, status: number): CliError {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  return new CliError(
    exitFor(typeof code === 'string' ? code : ''),
    typeof message === 'string' ? message : `the hub answered ${status}`,
  );
}

export class AdminClient {
  readonly socket: string;

  constructor(socket: string) {
    this.socket = socket;
  }

  #open(method: string, path: string, body: unknown, signal?: AbortSignal) {
    return new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        {
          socketPath: this.socket,
          path,
          method,
          headers: payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {},
          ...(signal ? { signal } : {}),
        },
        resolve,
      );
      req.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') reject(hubNotRunning(this.socket));
        else reject(error);
      });
      req.end(payload);
    });
  }

  /** One JSON request; throws a CliError for an error answer. */
  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.#open(method, path, body);
    let text = '';
    for await (const chunk of res) text += chunk;
    const parsed: unknown = text ? JSON.parse(text) : null;
    if ((res.statusCode ?? 500) >= 400) throw errorOf(parsed, res.statusCode ?? 500);
    return parsed as T;
  }

  /**
   * An NDJSON stream: `onEvent` for each line until the hub ends it or `signal` aborts. An `error`
   * line throws; the `result` line, if any, is returned.
   */
  async stream<T = unknown>(
    method: string,
    path: string,
    body: unknown,
    onEvent: (event: Record<string, unknown>) => void,
    signal?: AbortSignal,
  ): Promise<T | null> {
    let res: import('node:http').IncomingMessage;
    try {
      res = await this.#open(method, path, body, signal);
    } catch (error) {
      if (signal?.aborted) return null;
      throw error;
    }
    if ((res.statusCode ?? 500) >= 400) {
      let text = '';
      for await (const chunk of res) text += chunk;
      throw errorOf(text ? JSON.parse(text) : null, res.statusCode ?? 500);
    }
    let result: T | null = null;
    let partial = '';
    try {
      for await (const chunk of res) {
        const lines = (partial + String(chunk)).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          const event = JSON.parse(line) as Record<string, unknown>;
          if (event.type === 'error') throw errorOf(event, 500);
          if (event.type === 'result') result = event as T;
          onEvent(event);
        }
      }
    } catch (error) {
      if (signal?.aborted) return result;
      if (error instanceof CliError) throw error;
      // the hub went away mid-stream (stopped, restarted, crashed)
      throw new CliError(
        exitCodes.failed,
        `the hub closed the connection (${error instanceof Error ? error.message : String(error)}): is it still running?`,
      );
    }
    return result;
  }
}
