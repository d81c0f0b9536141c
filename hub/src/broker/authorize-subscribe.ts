/**
 * The aedes `authorizeSubscribe` hook, derived from the topic map: a device subscribes only to its
 * own `command` topic (exactly, no wildcards); staff subscribe read-only to filters inside their
 * library's `studyspot/<libraryId>/devices/` subtree. Anything else, `$SYS/#` and a bare `#`
 * included, is negated: the client stays connected and its SUBACK carries 128 (failure) for it.
 */
import { deviceTopic, libraryDevicesFilter } from '@studyspot/core';
import type { AedesOptions } from 'aedes';
import type { Logger, Principal, Principals } from './types.ts';

type AuthorizeSubscribeHandler = NonNullable<AedesOptions['authorizeSubscribe']>;

/** Pure: may `principal` subscribe to `filter`? */
export function maySubscribe(principal: Principal | undefined, filter: string): boolean {
  if (!principal) return false;
  if (principal.role === 'device') {
    return filter === deviceTopic(principal.libraryId, principal.deviceId, 'command');
  }
  const subtree = libraryDevicesFilter(principal.libraryId).slice(0, -1);
  return filter.startsWith(subtree) && isValidFilter(filter.slice(subtree.length));
}

/** A non-empty filter tail with wildcards only as whole levels, `#` only last, no `$`. */
function isValidFilter(tail: string): boolean {
  const levels = tail.split('/');
  return levels.every(
    (level, i) =>
      level.length > 0 &&
      !level.includes('$') &&
      (level === '+' || level === '#' || (!level.includes('+') && !level.includes('#'))) &&
      (level !== '#' || i === levels.length - 1),
  );
}

export function makeAuthorizeSubscribe(deps: {
  principals: Principals;
  logger: Logger;
}): AuthorizeSubscribeHandler {
  return (client, subscription, done) => {
    if (maySubscribe(deps.principals.get(client), subscription.topic)) {
      done(null, subscription);
      return;
    }
    deps.logger.warn({ clientId: client.id, topic: subscription.topic }, 'mqtt subscribe denied');
    done(null, null);
  };
}
