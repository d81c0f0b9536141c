/**
 * The one place the drivers reach into `core`'s device MQTT API (payload schemas, lock states,
 * the command acceptance rule). Keeping the import here means the drivers follow the core topic
 * map without each file knowing where it lives.
 */
export {
  acceptCommand,
  type CommandVerdict,
  forgetExpiredNonces,
  MAX_COMMAND_TTL_MS,
} from '../../../core/src/devices/command.ts';
export {
  Command,
  CommandAck,
  type CommandAction,
  DeviceState,
  LockState,
  lockStates,
  Telemetry,
} from '../../../core/src/devices/payloads.ts';
