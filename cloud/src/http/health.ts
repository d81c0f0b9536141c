/**
 * The health registry behind GET /health. Components register a named check; the database check
 * is built in (`db.health()`). A check that throws, reports `down` or takes longer than the
 * timeout marks its component down, and the endpoint answers 503 naming it.
 */
import type { Database } from '../db/types.ts';

export interface ComponentHealth {
  status: 'ok' | 'down';
  detail?: string;
}

export type HealthCheck = () => ComponentHealth | Promise<ComponentHealth>;

export interface HealthReport {
  status: 'ok' | 'down';
  components: Record<string, ComponentHealth>;
}

export class HealthChecks {
  readonly #checks = new Map<string, HealthCheck>();
  readonly #timeoutMs: number;

  constructor(timeoutMs = 2_000) {
    this.#timeoutMs = timeoutMs;
  }

  /** Adds or replaces a component's check; returns a function that removes it. */
  register(name: string, check: HealthCheck): () => void {
    this.#checks.set(name, check);
    return () => {
      if (this.#checks.get(name) === check) this.#checks.delete(name);
    };
  }

  async run(): Promise<HealthReport> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]) => [name, await this.#runOne(check)] as const),
    );
    const status = entries.every(([, h]) => h.status === 'ok') ? 'ok' : 'down';
    return { status, components: Object.fromEntries(entries) };
  }

  async #runOne(check: HealthCheck): Promise<ComponentHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ComponentHealth>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'down', detail: 'timed out' }), this.#timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(check), timeout]);
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

export const databaseCheck =
  (db: Database): HealthCheck =>
  async () =>
    (await db.health())
      ? { status: 'ok', detail: db.kind }
      : { status: 'down', detail: `${db.kind} did not answer` };

export function createHealthChecks(db: Database): HealthChecks {
  const checks = new HealthChecks();
  checks.register('database', databaseCheck(db));
  return checks;
}
