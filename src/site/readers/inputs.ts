import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { safeReturnPath } from './return-path';

/**
 * The query strings and form fields of the reader pages, each parsed with zod into one shape.
 * A field of the wrong shape (missing, repeated so it arrives as a list, too long) becomes its
 * harmless default here; the handlers then judge the values (address, name, link, token).
 */

/** Any value: a same-site path, else "/". */
const ReturnTo = z.unknown().optional().transform(safeReturnPath);
const Text = (max: number) => z.string().max(max).optional().catch(undefined);

export const ReturnQuery = z.object({ return: ReturnTo });
export const LinkQuery = z.object({ token: Text(100) });
export const AccountQuery = z.object({ done: Text(40) });
export const SignInFields = z.object({ email: z.string().catch(''), return: ReturnTo });
export const LinkFields = z.object({ token: z.string().max(100).catch('') });
export const NameFields = z.object({ display_name: z.string().catch(''), return: ReturnTo });
export const DeleteFields = z.object({ confirm: z.literal('yes').optional().catch(undefined) });
export const SsoFields = z.object({ token: Text(8192), return: ReturnTo });

const objectOf = (value: unknown): object => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});

export const queryOf = <T>(schema: z.ZodType<T>, request: FastifyRequest): T => schema.parse(objectOf(request.query));
export const fieldsOf = <T>(schema: z.ZodType<T>, request: FastifyRequest): T => schema.parse(objectOf(request.body));
