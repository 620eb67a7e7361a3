// Schemas shared by several routes (OpenAPI components).
import { z } from '@hono/zod-openapi';
import { PLATFORMS, IDENTITY_KINDS, ROLES } from '../../domain/org/index.js';

export const Id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:@-]+$/, 'ids use letters, digits and _ . : @ -');

export const MoneySchema = z
  .strictObject({
    minor: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer').openapi({ description: 'Integer amount in the currency minor unit (fen, cent); JPY has none.' }),
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code such as CNY'),
  })
  .openapi('Money', { example: { minor: 128050, currency: 'CNY' } });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional().openapi({ description: 'The request id (the X-Request-Id sent, or one generated), also in the X-Request-Id header and on every log line of the request.' }),
    }),
  })
  .openapi('Error', { example: { error: { code: 'APPROVAL.NOT_ASSIGNEE', message: 'you are not an approver of this step', requestId: '0f5c1d2e-8a4b-4c3d-9e6f-1a2b3c4d5e6f' } } });

export const errorResponses = {
  400: { description: 'Malformed JSON or invalid fields', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Missing or unknown API key', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'The key lacks the scope, or the actor may not do this', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found in this organisation', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflicts with the current state', content: { 'application/json': { schema: ErrorSchema } } },
  413: { description: 'Body too large', content: { 'application/json': { schema: ErrorSchema } } },
  415: { description: 'Body is not application/json', content: { 'application/json': { schema: ErrorSchema } } },
  422: { description: 'Well-formed but refused by a business rule', content: { 'application/json': { schema: ErrorSchema } } },
  500: { description: 'Internal error (logged)', content: { 'application/json': { schema: ErrorSchema } } },
  502: { description: 'A partner system (the travel supplier) did not answer or answered nonsense', content: { 'application/json': { schema: ErrorSchema } } },
};

export const RoleSchema = z.enum(ROLES);
export const PlatformSchema = z.enum(PLATFORMS);
export const IdentityKindSchema = z.enum(IDENTITY_KINDS);

/** JSON response helper for route definitions. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/**
 * JSON request body for route definitions. `examples` are named alternatives shown beside the schema's own example
 * (a trip and an expense for one submit body); typed by the schema's input so a wrong one does not compile.
 */
export const body = <T extends z.ZodType>(schema: T, examples?: Record<string, { summary: string; value: z.input<T> }>) => ({
  required: true,
  content: { 'application/json': { schema, ...(examples ? { examples } : {}) } },
});
