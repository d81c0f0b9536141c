export * from './shapes/definitions.ts';
export type { ChangeHeaders, ShapeMessage, Value } from './shapes/encode.ts';
export { readGeneration, rotateShape, type ShapeTx } from './shapes/log-reader.ts';
export { formatOffset, parseOffset, shapeHandle } from './shapes/protocol.ts';
export {
  type ShapeDatabase,
  type ShapeRequest,
  type ShapeResponse,
  ShapeServer,
  type ShapeServerOptions,
  type ShapeServerTuning,
} from './shapes/server.ts';
export { ChangeWatcher } from './shapes/watcher.ts';
