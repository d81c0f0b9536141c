/**
 * Registering and revoking MQTT device credentials for `studyspot-hub devices add|remove`, on
 * whichever connection holds the database (the running hub's, or the CLI's while it is stopped).
 * The secret comes back exactly once, with everything firmware needs to connect; only its hash is
 * stored (broker/credentials.ts). Input is validated with core's schemas; failures are DomainErrors.
 */
import { DeviceId, DeviceKind, DomainError, TOPIC_ROOT } from '@studyspot/core';
import { createDeviceCredential, findDevice, revokeDevice } from '../broker/credentials.ts';
import { STAFF_USERNAME } from '../broker/types.ts';
import type { Db } from '../store/db.ts';

export interface NewDeviceInput {
  id: string;
  kind: string;
  name?: string | undefined;
}

export interface IssuedCredential {
  deviceId: string;
  kind: DeviceKind;
  name: string;
  libraryId: string;
  /** MQTT username: the device id. */
  username: string;
  /** MQTT password, shown once. */
  secret: string;
  /** The topic subtree the device may use. */
  topicRoot: string;
}

function libraryOf(db: Db): string {
  const row = db.prepare('SELECT id FROM libraries LIMIT 1').get() as { id: string } | undefined;
  if (!row)
    throw new DomainError(
      'conflict',
      'this hub has no library yet: pair it with the cloud first (studyspot-hub pair)',
    );
  return row.id;
}

export function parseNewDevice(input: NewDeviceInput): { id: string; kind: DeviceKind; name: string } {
  const id = DeviceId.safeParse(input.id);
  if (!id.success || input.id === STAFF_USERNAME)
    throw new DomainError(
      'validation_failed',
      `device id: expected 1-64 of A-Z a-z 0-9 _ - (not "staff"), got "${input.id}"`,
      {
        field: 'id',
      },
    );
  const kind = DeviceKind.safeParse(input.kind);
  if (!kind.success)
    throw new DomainError(
      'validation_failed',
      `device kind: expected one of ${DeviceKind.options.join(', ')}, got "${input.kind}"`,
      {
        field: 'kind',
      },
    );
  return { id: id.data, kind: kind.data, name: input.name?.trim() || id.data };
}

export async function addDevice(db: Db, input: NewDeviceInput, now: number): Promise<IssuedCredential> {
  const device = parseNewDevice(input);
  const libraryId = libraryOf(db);
  const existing = findDevice(db, device.id);
  if (existing)
    throw new DomainError(
      'conflict',
      existing.revoked_at === null
        ? `device ${device.id} is already registered (remove it first to issue a new credential)`
        : `device ${device.id} was removed; device ids are not reused — choose another id`,
      { field: 'id' },
    );
  const { secret } = await createDeviceCredential(db, { libraryId, ...device }, now);
  return {
    deviceId: device.id,
    kind: device.kind,
    name: device.name,
    libraryId,
    username: device.id,
    secret,
    topicRoot: `${TOPIC_ROOT}/${libraryId}/devices/${device.id}/`,
  };
}

/** Revokes the credential; its next CONNECT is refused (the running hub also drops its session). */
export function removeDevice(db: Db, id: string, now: number): void {
  const device = findDevice(db, id);
  if (!device || device.revoked_at !== null)
    throw new DomainError('not_found', `no registered device ${id} (studyspot-hub devices list shows them)`, {
      field: 'id',
    });
  revokeDevice(db, id, now);
}
