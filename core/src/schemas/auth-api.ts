/**
 * The sign-in routes' bodies and answers (ADR 0010), written once: the cloud validates and
 * documents them (cloud/src/http/routes/auth.ts), the student app and the owner portal send and
 * parse them (apps/mobile/src/api, apps/portal/src/cloud).
 */
import { z } from 'zod';
import { Id, Phone } from './common.ts';
import { UserRole } from './profile.ts';

/** Where a sign-in code can be sent. */
export const OtpChannel = z.enum(['sms', 'whatsapp']);
export type OtpChannel = z.infer<typeof OtpChannel>;

export const OtpRequest = z.object({ phone: Phone, channel: OtpChannel });
export const OtpSent = z.object({ status: z.literal('sent'), expiresIn: z.number().int() });
export const OtpVerify = z.object({ phone: Phone, code: z.string().regex(/^\d{6}$/, 'expected 6 digits') });

/** Staff, owners and platform admins; `tenantId` picks one when the email works for several. */
export const Login = z.object({
  email: z.email().max(200),
  password: z.string().min(1).max(200),
  tenantId: Id.optional(),
});

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(200) });

export const TokenPair = z.object({
  tokenType: z.literal('Bearer'),
  accessToken: z.string(),
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
  user: z.object({ id: Id, role: UserRole, tenantId: Id.nullable() }),
});
export type TokenPair = z.infer<typeof TokenPair>;
