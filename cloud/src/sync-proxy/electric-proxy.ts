/**
 * `GET /v1/shapes/<name>` in front of a real Electric service (ADR 0021), Electric's "auth proxy"
 * pattern: the hub is authorized by the route; this module builds the upstream request to
 * `<ELECTRIC_URL>/v1/shape` with the shape's `table`, `where` (`$n` placeholders with `params[n]`
 * from the hub's scope) and `columns` taken from the cloud's definition (`@studyspot/sync`), never
 * from the client; from the client it forwards only the protocol's position parameters (`offset`,
 * `handle`, `live`, `cursor`). The answer comes back as Electric sent it: status, body, and the
 * `electric-*` headers the client needs (plus content type, caching and retry hints). The secret
 * (`ELECTRIC_SECRET`) is added here and never reaches the hub.
 *
 *   hub ──GET /v1/shapes/seats?offset=…&handle=…&live=true&table=users──► route (authorizeHub)
 *       ──► proxy ──GET /v1/shape?table=seats&where="tenant_id" = $1 AND …&params[1]=…&columns=…
 *                      &offset=…&handle=…&live=true&secret=… ──► Electric
 */
import { type HubScope, type ShapeDefinition, type ShapeName, shapeDefinitions } from '@studyspot/sync';

export interface ElectricUpstream {
  /** Electric's base URL, e.g. http://electric:3000 (the proxy calls `/v1/shape`). */
  url: string;
  /** Electric's API secret, when it has one (`ELECTRIC_SECRET`). */
  secret?: string | undefined;
}

/** The client parameters that move along one shape's log; everything else is the server's. */
export const FORWARDED_PARAMS = ['offset', 'handle', 'live', 'cursor'] as const;

/** Headers of Electric's answer passed back to the hub (besides every `electric-*`). */
const PASSED_HEADERS = ['content-type', 'cache-control', 'etag', 'retry-after'];

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Electric's shape parameters for a definition and a hub's scope. */
export function electricShapeParams(def: ShapeDefinition, scope: HubScope): URLSearchParams {
  const params = new URLSearchParams({ table: def.table });
  const clauses = Object.entries(def.where).map(([column, key], i) => {
    params.set(`params[${i + 1}]`, scope[key]);
    return `${quoteIdent(column)} = $${i + 1}`;
  });
  params.set('where', clauses.join(' AND '));
  params.set('columns', Object.keys(def.columns).map(quoteIdent).join(','));
  params.set('replica', 'default');
  params.set('log', 'full');
  return params;
}

export interface ProxyRequest {
  name: ShapeName;
  scope: HubScope;
  params: URLSearchParams;
  signal?: AbortSignal;
}

export interface ElectricProxyOptions extends ElectricUpstream {
  fetch?: typeof fetch;
  /** Longest an upstream request may take (Electric holds live requests 20 s). */
  timeoutMs?: number;
}

export class ElectricProxy {
  readonly #base: string;
  readonly #secret: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: ElectricProxyOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#secret = options.secret;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 40_000;
  }

  /** The upstream URL for a hub's request: the definition's shape plus the client's position. */
  upstreamUrl(request: ProxyRequest): string {
    const params = electricShapeParams(shapeDefinitions[request.name], request.scope);
    for (const name of FORWARDED_PARAMS) {
      const value = request.params.get(name);
      if (value !== null) params.set(name, value);
    }
    if (this.#secret) params.set('secret', this.#secret);
    return `${this.#base}/v1/shape?${params}`;
  }

  /** Electric's answer to the hub's request, or a 502 when Electric cannot be reached. */
  async forward(request: ProxyRequest): Promise<Response> {
    const signals = [AbortSignal.timeout(this.#timeoutMs), ...(request.signal ? [request.signal] : [])];
    let upstream: Response;
    try {
      upstream = await this.#fetch(this.upstreamUrl(request), { signal: AbortSignal.any(signals) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return Response.json(
        { code: 'upstream_unavailable', message: `the shape service did not answer: ${reason}` },
        { status: 502, headers: { 'cache-control': 'no-store' } },
      );
    }
    const headers = new Headers();
    for (const [name, value] of upstream.headers) {
      if (name.startsWith('electric-') || PASSED_HEADERS.includes(name)) headers.set(name, value);
    }
    // the body is relayed as it streams; undici already undid any content-encoding
    return new Response(upstream.body, { status: upstream.status, headers });
  }
}
