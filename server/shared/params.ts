import { z } from 'zod';
import { BadRequest, NotFound } from '../errors.js';

/** The largest id either engine stores in an integer column. */
export const MAX_ID = 2_147_483_647;
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,198}[a-z0-9])?$/;

const slugSchema = z.string().regex(SLUG_PATTERN);
const idSchema = z
  .string()
  .regex(/^\d{1,10}$/)
  .transform(Number)
  .refine((n) => n >= 1 && n <= MAX_ID);

/** A slug from the path; anything that cannot be a slug is simply not found. */
export function parseSlug(value: unknown): string {
  const parsed = slugSchema.safeParse(value);
  if (!parsed.success) throw new NotFound('There is no post at this address.');
  return parsed.data;
}

/** An id from the path: malformed is a 400. */
export function parseId(value: unknown, what = 'id'): number {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new BadRequest(`That ${what} is not a valid number.`);
  return parsed.data;
}

/** An optional id from the query string: absent or empty is null, malformed is a 400. */
export function parseOptionalId(value: unknown, what = 'id'): number | null {
  if (value === undefined || value === '') return null;
  if (Array.isArray(value)) throw new BadRequest(`Give one ${what}, not several.`);
  return parseId(value, what);
}
