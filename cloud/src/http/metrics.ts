/**
 * The cloud's Prometheus metrics on a registry of its own (never prom-client's global one, so
 * tests and several apps in one process do not collide): the HTTP latency histogram by route
 * pattern, plus the process defaults. Features add their own metrics to `registry`.
 */
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface CloudMetrics {
  registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
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
  return {
    registry,
    observeRequest: (method, route, status, seconds) =>
      duration.observe({ method, route, status: String(status) }, seconds),
  };
}
