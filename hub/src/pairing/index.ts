export * from './heartbeat.ts';
export * from './identity.ts';
export * from './link.ts';
export * from './pair.ts';
export * from './signer.ts';
