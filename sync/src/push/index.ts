export * from './backoff.ts';
export * from './outbox-store.ts';
export * from './pusher.ts';
