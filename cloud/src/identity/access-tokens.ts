/**
 * RS256 access tokens (15 minutes) with the seed's claims — sub, tenant_id, role, permissions,
 * iat, exp — plus iss, aud, `library_ids` for staff and the signing key's `kid` in the header, so
 * a hub verifies them offline against /.well-known/jwks.json. `principalFromClaims` is the one
 * mapping from a verified token to the API's `Principal`.
 */
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { type Principal, roles } from '../http/env.ts';
import { permissionsOf } from './permissions.ts';
import type { ActiveKey, SigningKeys } from './signing-keys.ts';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const DEFAULT_ISSUER = 'studyspot-cloud';
export const DEFAULT_AUDIENCE = 'studyspot';

export interface TokenSettings {
  issuer: string;
  audience: string;
}

const Claims = z.object({
  sub: z.uuid(),
  role: z.enum(roles),
  tenant_id: z.uuid().nullable(),
  library_ids: z.array(z.uuid()).optional(),
});

/** Signs with `signer` (fetched from `SigningKeys.signer()` before any transaction is opened). */
export async function signAccessToken(
  signer: ActiveKey,
  settings: TokenSettings,
  principal: Principal,
  nowMs: number,
): Promise<string> {
  const { kid, key } = signer;
  const iat = Math.floor(nowMs / 1000);
  const claims: JWTPayload = {
    tenant_id: principal.tenantId,
    role: principal.role,
    permissions: [...permissionsOf(principal.role)],
  };
  if (principal.role === 'staff') claims.library_ids = [...(principal.libraryIds ?? [])];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .setSubject(principal.userId)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
    .sign(key);
}

export function principalFromClaims(payload: JWTPayload): Principal | null {
  const parsed = Claims.safeParse(payload);
  if (!parsed.success) return null;
  const { sub, role, tenant_id, library_ids } = parsed.data;
  const principal: Principal = { userId: sub, role, tenantId: tenant_id };
  if (role === 'staff') principal.libraryIds = library_ids ?? [];
  return principal;
}

/** The principal of a valid token, or null: bad signature, unknown or retired kid, expired, wrong iss/aud. */
export async function verifyAccessToken(
  keys: SigningKeys,
  settings: TokenSettings,
  token: string,
  nowMs: number,
): Promise<Principal | null> {
  try {
    const { payload } = await jwtVerify(token, keys.verifyKey, {
      algorithms: ['RS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      currentDate: new Date(nowMs),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    return principalFromClaims(payload);
  } catch {
    return null;
  }
}
