/**
 * A minimal JSON client of the cloud API for the demo's first-run setup and the browser tests'
 * stacks: `client(base, token)` calls `/v1<path>`, `must(reply, status)` insists on a status,
 * `signIn` logs in with email and password and returns a client carrying the access token.
 */
type Json = Record<string, unknown>;
export type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Json }>;

export function client(base: string, token?: string): Call {
  return async (method, path, body) => {
    const res = await fetch(`${base}/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
}

export async function must(reply: ReturnType<Call>, status: number): Promise<Json> {
  const r = await reply;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function signIn(base: string, who: { email: string; password: string }): Promise<Call> {
  const body = await must(client(base)('POST', '/auth/login', who), 200);
  return client(base, String(body.accessToken));
}
