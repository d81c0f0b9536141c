/**
 * The aedes `authorizePublish` hook, derived from the topic map: a device publishes only the
 * device-published kinds (`state`, `telemetry`, `availability`, `command/ack`) of its own topics;
 * staff publish nothing; nobody publishes `$SYS/...` or anything outside the map. A denied publish
 * is an error, so aedes closes the connection (MQTT 3.1.1 has no negative PUBACK). An authorized
 * publish with a payload that fails the core schema (or names another device kind) is logged and
 * dropped: it is rerouted to a topic no one can subscribe to, so it is neither retained nor
 * forwarded, and the device stays connected. The retain flag is forced to what the map says.
 */
import { decodePayload, parseDeviceTopic, type TopicAddress, topicSpec } from '@studyspot/core';
import type { AedesOptions } from 'aedes';
import type { Logger, Principal, Principals } from './types.ts';

type AuthorizePublishHandler = NonNullable<AedesOptions['authorizePublish']>;

/** Where dropped payloads go: `$` topics never match `#`, and authorizeSubscribe refuses them. */
export const DROPPED_TOPIC = '$studyspot/dropped';

export type PublishDecision =
  | { verdict: 'allow'; address: TopicAddress }
  | { verdict: 'drop'; address: TopicAddress; error: string }
  | { verdict: 'deny'; reason: string };

/** Pure: what to do with `payload` published on `topic` by `principal`. */
export function decidePublish(
  principal: Principal | undefined,
  topic: string,
  payload: Uint8Array | string,
): PublishDecision {
  if (!principal) return { verdict: 'deny', reason: 'unauthenticated' };
  if (principal.role === 'staff') return { verdict: 'deny', reason: 'staff are read-only' };
  const address = parseDeviceTopic(topic);
  if (!address) return { verdict: 'deny', reason: 'not a device topic' };
  if (address.libraryId !== principal.libraryId || address.deviceId !== principal.deviceId) {
    return { verdict: 'deny', reason: "another device's topic" };
  }
  if (topicSpec[address.kind].publisher !== 'device') return { verdict: 'deny', reason: 'hub-only topic' };
  const decoded = decodePayload(address.kind, payload);
  if (!decoded.ok) return { verdict: 'drop', address, error: decoded.error };
  const value = decoded.value;
  if (typeof value === 'object' && 'kind' in value && value.kind !== principal.kind) {
    return { verdict: 'drop', address, error: `payload kind ${value.kind} from a ${principal.kind}` };
  }
  return { verdict: 'allow', address };
}

export function makeAuthorizePublish(deps: {
  principals: Principals;
  logger: Logger;
}): AuthorizePublishHandler {
  return (client, packet, done) => {
    const decision = decidePublish(
      client ? deps.principals.get(client) : undefined,
      packet.topic,
      packet.payload,
    );
    switch (decision.verdict) {
      case 'deny':
        deps.logger.warn(
          { clientId: client?.id, topic: packet.topic, reason: decision.reason },
          'mqtt publish denied',
        );
        done(new Error(`publish denied: ${decision.reason}`));
        return;
      case 'drop':
        deps.logger.warn(
          { clientId: client?.id, topic: packet.topic, error: decision.error },
          'mqtt payload dropped',
        );
        packet.topic = DROPPED_TOPIC;
        packet.retain = false;
        done(null);
        return;
      case 'allow':
        packet.retain = topicSpec[decision.address.kind].retained;
        done(null);
        return;
    }
  };
}
