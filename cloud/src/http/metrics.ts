/**
 * The cloud's Prometheus metrics on a registry of its own (never prom-client's global one, so
 * tests and several apps in one process do not collide): the HTTP latency histogram by route
 * pattern, hub mutations by result (applied, duplicate, rejected with the code, retry), plus the
 * process defaults. Features add their own metrics to `registry`.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One mutation result as `POST /v1/hub/mutations` answers it (sync/mutations MutationResult). */
export interface MutationOutcome {
  status: string;
  code?: string | undefined;
  duplicate?: boolean | undefined;
}

export interface CloudMetrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Counts the results of one hub mutation batch, after it was applied. */
  countHubMutations(results: readonly MutationOutcome[]): void;
}

export function createCloudMetrics(): CloudMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'studyspot_cloud_' });
  const duration = new Histogram({
    name: 'studyspot_cloud_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const mutations = new Counter({
    name: 'studyspot_cloud_hub_mutations_total',
    help: 'Hub mutations by result: applied, duplicate (already applied), rejected (with its code), retry',
    labelNames: ['result', 'code'] as const,
    registers: [registry],
  });
  return {
    registry,
    observeRequest: (method, route, status, seconds) =>
      duration.observe({ method, route, status: String(status) }, seconds),
    countHubMutations: (results) => {
      for (const r of results) {
        const result = r.status === 'accepted' ? (r.duplicate ? 'duplicate' : 'applied') : r.status;
        mutations.inc({ result, code: r.status === 'rejected' ? (r.code ?? 'unknown') : 'none' });
      }
    },
  };
}
