/**
 * The one place the drivers reach into `core`'s device MQTT API (payload schemas, lock states,
 * the command acceptance rule), so the drivers follow the core topic map without each file
 * knowing where it lives.
 */
export {
  acceptCommand,
  Command,
  CommandAck,
  type CommandAction,
  type CommandVerdict,
  DeviceState,
  forgetExpiredNonces,
  LockState,
  lockStates,
  MAX_COMMAND_TTL_MS,
  Telemetry,
} from '@studyspot/core';
