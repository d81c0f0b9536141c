/**
 * Building blocks every route file uses: a sub-app factory whose zod failures become
 * `400 validation_failed` naming the failing field, the shared error schema and response helpers.
 */
import type { Hook } from '@hono/zod-openapi';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import type { CloudEnv } from './env.ts';
import { sendError } from './errors.ts';

export const validationHook: Hook<unknown, CloudEnv, string, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return sendError(c, 400, {
    code: 'validation_failed',
    message: issue ? `${path || result.target}: ${issue.message}` : 'invalid request',
    field: path || result.target,
  });
};

export const router = (): OpenAPIHono<CloudEnv> => new OpenAPIHono<CloudEnv>({ defaultHook: validationHook });

export const ErrorBody = z
  .object({ code: z.string(), message: z.string(), field: z.string().optional() })
  .openapi('Error');

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBody } },
});

/** The error responses a route can give, for the document. */
export const errors = {
  400: error('The request failed validation'),
  401: error('No valid credentials'),
  403: error('The caller may not do this'),
  404: error('No such resource'),
  409: error('Refused by the current state'),
  422: error('Refused as written'),
  429: error('Too many requests; see Retry-After'),
} as const;

/**
 * A `core` schema under `name` in the OpenAPI document. zod copies `.openapi` metadata onto a
 * schema when it is built, and core's are built before @hono/zod-openapi extends zod (as the
 * cloud's modules load), so the name goes on a copy.
 */
export const named = <T extends ZodType>(schema: T, name: string): T => schema.clone().openapi(name) as T;

export const json = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const body = <T extends ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export const bearer = [{ bearer: [] }];

export const IdParam = z.object({ id: z.uuid() });
export const Limit = z.coerce.number().int().min(1).max(200).default(50);
