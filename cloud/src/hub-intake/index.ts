export { applyBatch, refusalOf } from './apply.ts';
export type { HubIdentity } from './types.ts';
