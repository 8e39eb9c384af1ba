const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '=': '&#61;',
};

/** Escapes text for HTML element content and quoted attribute values (the same set Handlebars escapes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`=]/g, (ch) => ESCAPES[ch] ?? ch);
}
