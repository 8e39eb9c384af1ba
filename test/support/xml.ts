import { SaxesParser } from 'saxes';

function strictParser(): SaxesParser<{ xmlns: true }> {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => {
    throw error;
  });
  return parser;
}

/** Throws unless the text is a well-formed XML 1.0 document (saxes is strict: bad characters, tags and entities all fail). */
export function assertWellFormedXml(text: string): void {
  strictParser().write(text).close();
}

/**
 * The text of every element with this local name, decoded once, as the XML spec reads it. Feed parsers
 * built for leniency decode entities a second time (for feeds that escape twice), so what a feed really
 * says an entry's HTML is can only be read this way.
 */
export function xmlElementTexts(text: string, localName: string): string[] {
  const parser = strictParser();
  const texts: string[] = [];
  let current: string | null = null;
  parser.on('opentag', (tag) => {
    if (tag.local === localName) current = '';
  });
  parser.on('text', (t) => {
    if (current !== null) current += t;
  });
  parser.on('closetag', (tag) => {
    if (tag.local === localName && current !== null) {
      texts.push(current);
      current = null;
    }
  });
  parser.write(text).close();
  return texts;
}
