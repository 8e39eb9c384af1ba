import type { z } from 'zod';
import { ENCODING_ERRORS_KEY } from './urlencoded.js';

export type FormResult<T> = { ok: true; data: T } | { ok: false; fields: Record<string, string>; values: Record<string, string> };

const INVALID_UTF8_MESSAGE = 'This contains bytes that are not valid text (UTF-8); please retype it';

/** The UTF-8 length of a string: limits are in bytes, as the columns that keep them. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Keeps only the named string fields of a parsed body, so they can be put back into the form. */
export function pickFormValues(body: unknown, names: readonly string[]): Record<string, string> {
  const source = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    values[name] = typeof value === 'string' ? value : '';
  }
  return values;
}

/** Parses a form body with its schema, turning failures into one message per field. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, names: readonly string[]): FormResult<z.output<S>> {
  const values = pickFormValues(body, names);
  const fields: Record<string, string> = {};
  const encodingErrors = (body as Record<string, unknown> | undefined)?.[ENCODING_ERRORS_KEY];
  if (typeof encodingErrors === 'string') {
    for (const name of encodingErrors.split(',')) {
      if (name === '*') names.forEach((n) => (fields[n] ??= INVALID_UTF8_MESSAGE));
      else if (names.includes(name)) fields[name] = INVALID_UTF8_MESSAGE;
    }
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'form');
      fields[name] ??= issue.message;
    }
  }
  if (!parsed.success || Object.keys(fields).length > 0) return { ok: false, fields, values };
  return { ok: true, data: parsed.data };
}
