/**
 * The apps' one way to call an API: a small typed fetch client. Request bodies are parsed with the
 * `core` schema before they leave (so no app writes a body shape by hand), responses are parsed
 * with the schema the caller names, and an error body `{code, message, field?}` becomes an
 * `ApiError` whose `code` the UI translates (it never shows or parses the server's message).
 * A network failure is `ApiError('network')`, so screens can tell "hub unreachable" from a refusal.
 */
import type { ZodType } from 'zod';
import { config, type z } from 'zod';

// zod compiles object parsers with `new Function` when it may; the apps' CSP (`default-src 'self'`)
// forbids eval, and zod's probe for it would log a CSP violation on every page. Parse without it.
config({ jitless: true });

/** Codes the client itself produces, beside the server's `core` error codes. */
export type ClientErrorCode = 'network' | 'bad_response';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;

  constructor(code: string, message: string, status: number, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
  }
}

export interface ApiClientOptions {
  /** Prefix of every path, e.g. '/api/v1' (same origin) or 'http://hub.local:8080/api/v1'. */
  baseUrl: string;
  /** The bearer token to send, read at each call (it changes on login and logout). */
  token?: () => string | null;
  /** Called when the server answers 401 (the token expired or was revoked). */
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

type Query = Record<string, string | number | boolean | undefined | null>;

interface Send<R extends ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  response: R;
  query?: Query;
  body?: unknown;
}

function errorOf(status: number, payload: unknown): ApiError {
  if (payload && typeof payload === 'object' && 'code' in payload && typeof payload.code === 'string') {
    const p = payload as { code: string; message?: unknown; field?: unknown };
    const field = typeof p.field === 'string' ? p.field : undefined;
    return new ApiError(p.code, typeof p.message === 'string' ? p.message : p.code, status, field);
  }
  return new ApiError(status >= 500 ? 'internal' : 'bad_response', `HTTP ${status}`, status);
}

export class ApiClient {
  readonly #o: ApiClientOptions;

  constructor(options: ApiClientOptions) {
    this.#o = options;
  }

  get<R extends ZodType>(path: string, response: R, query?: Query): Promise<z.output<R>> {
    return this.#send({ method: 'GET', path, response, ...(query ? { query } : {}) });
  }

  /** POSTs `body` after checking it against `request` (a `core` schema) and parses the answer. */
  post<Q extends ZodType, R extends ZodType>(
    path: string,
    request: Q,
    body: z.input<Q>,
    response: R,
  ): Promise<z.output<R>> {
    return this.#send({ method: 'POST', path, response, body: this.#checked(request, body) });
  }

  /** A write with a `core` request schema and any HTTP method. */
  send<Q extends ZodType, R extends ZodType>(
    method: 'PUT' | 'PATCH' | 'DELETE' | 'POST',
    path: string,
    request: Q,
    body: z.input<Q>,
    response: R,
  ): Promise<z.output<R>> {
    return this.#send({ method, path, response, body: this.#checked(request, body) });
  }

  #checked<Q extends ZodType>(request: Q, body: z.input<Q>): z.output<Q> {
    const parsed = request.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || undefined;
    throw new ApiError('validation_failed', issue?.message ?? 'invalid request', 0, field);
  }

  async #send<R extends ZodType>(s: Send<R>): Promise<z.output<R>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = this.#o.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    if (s.body !== undefined) headers['content-type'] = 'application/json';
    const url = this.#url(s.path, s.query);
    let res: Response;
    try {
      res = await (this.#o.fetch ?? fetch)(url, {
        method: s.method,
        headers,
        ...(s.body !== undefined ? { body: JSON.stringify(s.body) } : {}),
      });
    } catch (error) {
      throw new ApiError('network', error instanceof Error ? error.message : String(error), 0);
    }
    const payload: unknown = res.status === 204 ? null : await res.json().catch(() => undefined);
    if (!res.ok) {
      if (res.status === 401) this.#o.onUnauthorized?.();
      throw errorOf(res.status, payload);
    }
    const parsed = s.response.safeParse(payload);
    if (!parsed.success) {
      throw new ApiError(
        'bad_response',
        `unexpected response from ${s.path}: ${parsed.error.message}`,
        res.status,
      );
    }
    return parsed.data;
  }

  #url(path: string, query?: Query): string {
    const base = `${this.#o.baseUrl}${path}`;
    if (!query) return base;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  }
}
