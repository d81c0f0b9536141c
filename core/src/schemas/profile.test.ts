import { describe, expect, it } from 'vitest';
import { OtpRequest, OtpVerify, TokenPair } from './auth-api.ts';
import { NotificationPrefs, ProfilePatch } from './profile.ts';

const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('ProfilePatch', () => {
  it('trims the name and lower-cases the email', () => {
    expect(ProfilePatch.parse({ name: '  Priya Sharma ', email: 'Priya@Example.TEST' })).toEqual({
      name: 'Priya Sharma',
      email: 'priya@example.test',
    });
  });

  it('refuses a blank name, an unknown field and a time zone that does not exist', () => {
    expect(fieldsOf(ProfilePatch.safeParse({ name: '   ' }))).toEqual(['name']);
    expect(ProfilePatch.safeParse({ role: 'platform_admin' }).success).toBe(false);
    expect(fieldsOf(ProfilePatch.safeParse({ timeZone: 'Mars/Olympus' }))).toEqual(['timeZone']);
    expect(ProfilePatch.parse({ timeZone: null })).toEqual({ timeZone: null });
  });

  it('sets either part of the notification preferences alone', () => {
    expect(ProfilePatch.parse({ notifications: { quietHours: null } })).toEqual({
      notifications: { quietHours: null },
    });
    expect(fieldsOf(ProfilePatch.safeParse({ notifications: { optedOut: ['fax'] } }))).toEqual([
      'notifications.optedOut.0',
    ]);
  });
});

describe('NotificationPrefs', () => {
  it('takes quiet hours across midnight and refuses 24:00', () => {
    const prefs = { optedOut: ['whatsapp'], quietHours: { start: '22:30', end: '06:30' } };
    expect(NotificationPrefs.parse(prefs)).toEqual(prefs);
    const late = { optedOut: [], quietHours: { start: '24:00', end: '06:00' } };
    expect(fieldsOf(NotificationPrefs.safeParse(late))).toEqual(['quietHours.start']);
  });
});

describe('sign-in bodies', () => {
  it('checks the phone, the channel and the six-digit code', () => {
    expect(OtpRequest.safeParse({ phone: '+919845012345', channel: 'sms' }).success).toBe(true);
    expect(fieldsOf(OtpRequest.safeParse({ phone: '12', channel: 'email' }))).toEqual(['phone', 'channel']);
    expect(fieldsOf(OtpVerify.safeParse({ phone: '+919845012345', code: '12345' }))).toEqual(['code']);
  });

  it('reads a token pair only with its user and a bearer type', () => {
    const pair = {
      tokenType: 'Bearer',
      accessToken: 'a',
      expiresIn: 900,
      refreshToken: 'r',
      refreshExpiresIn: 2_592_000,
      user: { id: '01900000-0000-7000-8000-000000000001', role: 'student', tenantId: null },
    };
    expect(TokenPair.parse(pair)).toEqual(pair);
    expect(fieldsOf(TokenPair.safeParse({ ...pair, user: { ...pair.user, role: 'root' } }))).toEqual([
      'user.role',
    ]);
  });
});
