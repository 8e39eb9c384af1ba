const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x3D;': '=', '&#x60;': '`' };

/** Undoes Handlebars' escaping of a printed value. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#x3D|#x60);/g, (e) => ENTITIES[e] ?? e);
}

/** The text inputs, hidden inputs and textareas of an HTML page, as a browser would submit them (checkboxes left out). */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b([^>]*)>/g)) {
    const attrs = m[1] ?? '';
    if (/type="(checkbox|radio)"/.test(attrs)) continue;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    if (name) fields[name] = unescapeHtml(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  for (const m of html.matchAll(/<textarea\b[^>]*name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)) fields[m[1]!] = unescapeHtml(m[2] ?? '');
  return fields;
}
