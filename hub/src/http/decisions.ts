/**
 * Counts booking decisions for the metrics: a decision that returns is `accepted`; one refused with
 * a domain error is `refused` under its code (and rethrown for `onError` to answer).
 */
import { DomainError } from '@studyspot/core';
import type { HubMetrics } from '../metrics.ts';

export function counted<T>(metrics: HubMetrics, decide: () => T): T {
  try {
    const result = decide();
    metrics.countDecision('accepted', 'none');
    return result;
  } catch (error) {
    metrics.countDecision('refused', error instanceof DomainError ? error.code : 'internal');
    throw error;
  }
}
