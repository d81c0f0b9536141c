export * from './apply.ts';
export * from './consumer.ts';
export * from './mapping.ts';
