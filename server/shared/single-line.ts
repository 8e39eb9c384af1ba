// Rules for the one-line fields people type into (names, email addresses, websites): pure checks,
// and the zod pieces every form builds those fields from, so the comment form and staff forms agree.

import { z } from 'zod';

/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators: nothing a person types on one line. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/**
 * Characters that print nothing: zero-width space, non-joiner and joiner, word joiner, BOM, and the bidi
 * controls. A name of only these is empty; inside a name they stay (a joiner builds 👩‍💻, a non-joiner
 * spells Persian names), so they are only removed for the emptiness check.
 */
const INVISIBLE_CHARS = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u061c\ufeff]/g;
/** The longest local part (before the @) an address may have, in octets (RFC 5321). */
export const EMAIL_LOCAL_MAX_BYTES = 64;
const HOST_MAX_CHARS = 253;
const HOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// A top-level domain is letters (or its punycode form): this keeps out IP addresses and single-label hosts.
const TOP_LEVEL_LABEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const HTML_ENTITY = /&(?:#x?[0-9a-f]+|[a-z][a-z0-9]*);/i;
const TYPED_SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Why a one-line field's text cannot be kept as typed, or null when it can. Pure. */
export function controlCharProblem(text: string, label: string): string | null {
  return CONTROL_CHARS.test(text) ? `${label} must be a single line: remove the line break, tab or control character` : null;
}

/** Whether a name has nothing visible once whitespace and invisible characters are taken out. Pure. */
export function isBlankName(text: string): boolean {
  return text.replace(INVISIBLE_CHARS, '').trim() === '';
}

/** What is wrong with an email address (already free of controls and trimmed), or null. Pure. */
export function emailProblem(text: string): string | null {
  if (/[,;]/.test(text) || text.split('@').length > 2) return 'Please enter just one email address';
  if (/\s/.test(text)) return 'An email address has no spaces in it';
  const at = text.indexOf('@');
  if (at < 0) return 'An email address needs an @, as in name@example.com';
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  if (local === '') return 'Put your name (the part before the @) in front of the @';
  if (Buffer.byteLength(local, 'utf8') > EMAIL_LOCAL_MAX_BYTES) return `The part before the @ can have at most ${EMAIL_LOCAL_MAX_BYTES} characters`;
  if (!domain.includes('.') || domain.startsWith('.') || domain.endsWith('.')) return 'The part after the @ needs a dot, as in example.com';
  return null;
}

/** Whether a WHATWG-parsed host name is a real DNS name (dotted labels, a letter top-level domain). Pure. */
export function isRealHostName(hostname: string): boolean {
  if (hostname.length > HOST_MAX_CHARS) return false;
  const labels = hostname.split('.');
  return labels.length >= 2 && labels.every((l) => HOST_LABEL.test(l)) && TOP_LEVEL_LABEL.test(labels[labels.length - 1]!);
}

export type WebsiteResult = { ok: true; href: string | null } | { ok: false; message: string };

/**
 * A typed website as the href to store and link: trimmed, https:// added when no scheme was typed, parsed by
 * the WHATWG URL parser (the one browsers follow the link with), and kept only when it is http or https with
 * a real host name and no user:password@. Empty is no website. Pure.
 */
export function parseWebsite(typed: string, label = 'Website'): WebsiteResult {
  const text = typed.trim();
  if (text === '') return { ok: true, href: null };
  const refuse = (message: string): WebsiteResult => ({ ok: false, message });
  if (/\s/.test(text)) return refuse('A web address has no spaces or line breaks in it');
  if (text.startsWith('/') || text.includes('\\')) return refuse('Start the address with the site name or https://, as in https://example.com');
  if (HTML_ENTITY.test(text)) return refuse('Type the address itself, without HTML codes such as &colon;');
  // "example.com:8080" has a dot before its colon: a host and port, not a scheme.
  const scheme = TYPED_SCHEME.exec(text)?.[1];
  const withScheme = scheme && !scheme.includes('.') ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return refuse('That is not a web address; check it, as in https://example.com');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse(`${label} must be an http:// or https:// address`);
  if (url.username !== '' || url.password !== '') return refuse('Leave the user name and password out of the address');
  if (!isRealHostName(url.hostname)) return refuse(`${label} needs a real site name, such as example.com`);
  return { ok: true, href: url.href };
}

/** A one-line text field: refused when it holds controls, then trimmed. */
export function singleLineText(label: string) {
  return z
    .string()
    .superRefine((text, ctx) => {
      const problem = controlCharProblem(text, label);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
    })
    .trim();
}

/** A person's name: one line, and something visible in it. */
export function personName(label: string, requiredMessage: string) {
  return singleLineText(label).refine((t) => !isBlankName(t), { message: requiredMessage, abort: true });
}

/** One email address: one line, trimmed, with a message that says what is wrong. */
export function emailAddress(requiredMessage: string) {
  return singleLineText('Email').superRefine((text, ctx) => {
    const problem = text === '' ? requiredMessage : emailProblem(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, abort: true });
  });
}

/** An optional website: one line, normalised to its href (null when left empty). */
export function websiteUrl(label = 'Website') {
  return singleLineText(label).transform((text, ctx) => {
    const result = parseWebsite(text, label);
    if (result.ok) return result.href;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}
