import type { FastifyRequest } from 'fastify';

export type EmbedSection = ReturnType<typeof buildEmbedSection>;

/** The example page address in the snippet: the first allowed site's, or a placeholder. Pure. */
function examplePage(origins: string): string {
  const first = origins.split('\n').find((line) => /^https?:\/\//.test(line.trim()));
  return `${first ? first.trim().replace(/\/$/, '') : 'https://blog.example'}/2026/11/a-post/`;
}

/** The embed section of the settings page: the form's values and errors, and the snippet to copy. Pure. */
export function buildEmbedSection(siteOrigin: string, values: Record<string, string>, errors: Record<string, string>, saved: boolean) {
  const page = examplePage(values.origins ?? '');
  const snippet = [
    `<div id="rejoinder" data-page="${page}" data-title="The post's title"></div>`,
    `<script src="${siteOrigin}/embed.js" async></script>`,
    `<noscript><a href="${siteOrigin}/embed/go?page=${encodeURIComponent(page)}">Read the discussion and reply</a></noscript>`,
  ].join('\n');
  const countSnippet = `<a href="${page}#comments" data-rejoinder-count>Comments</a>`;
  return {
    values,
    errors,
    hasErrors: Object.keys(errors).length > 0,
    saved,
    keepQuery: values.keepQuery === '1',
    snippet,
    countSnippet,
  };
}

/** The section for this request: the snippet names the address the admin reached this page at. */
export function embedSection(request: FastifyRequest, values: Record<string, string>, errors: Record<string, string>, query: unknown): EmbedSection {
  const saved = (query as Record<string, unknown> | undefined)?.embedSaved === '1';
  return buildEmbedSection(`${request.protocol}://${request.host}`, values, errors, saved);
}
