// The HTML form body parser: strict UTF-8, single values, and a note of fields whose bytes were not text. Pure.

/** Fields whose bytes were not valid UTF-8 are listed under this key, so the form can say so. */
export const ENCODING_ERRORS_KEY = '__encoding_errors';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

function percentDecode(raw: string): { text: string; valid: boolean } {
  const plus = raw.replace(/\+/g, ' ');
  try {
    return { text: decodeURIComponent(plus), valid: true };
  } catch {
    // Decode what can be decoded and keep the rest, so the reader gets their text back to fix.
    const bytes: number[] = [];
    for (let i = 0; i < plus.length; i++) {
      const hex = plus.slice(i + 1, i + 3);
      if (plus[i] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(plus[i] ?? '', 'utf8'));
      }
    }
    return { text: lenientUtf8.decode(Uint8Array.from(bytes)), valid: false };
  }
}

/** Parses an application/x-www-form-urlencoded body into single string values (first wins). Pure. */
export function parseUrlEncoded(body: Buffer): Record<string, string> {
  const fields = Object.create(null) as Record<string, string>;
  const invalid: string[] = [];
  let text: string;
  try {
    text = strictUtf8.decode(body);
  } catch {
    text = lenientUtf8.decode(body);
    invalid.push('*');
  }
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = percentDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = percentDecode(eq === -1 ? '' : pair.slice(eq + 1));
    if (!key.valid || key.text === ENCODING_ERRORS_KEY) continue;
    if (!value.valid) invalid.push(key.text);
    if (!(key.text in fields)) fields[key.text] = value.text;
  }
  if (invalid.length > 0) fields[ENCODING_ERRORS_KEY] = invalid.join(',');
  return fields;
}
