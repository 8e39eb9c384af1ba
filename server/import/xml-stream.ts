// The one way an export file is read: saxes over the file's chunks, never the whole file in memory, with
// no DTD, no external entity and no entity expansion ever resolved. Errors name the line.
import { SaxesParser, type SaxesTagNS } from 'saxes';

/** A field longer than this is refused: no real post or comment comes near, and it bounds what one item holds. */
export const MAX_FIELD_CHARS = 4_000_000;

/** Input that is not the export it claims to be, or not well-formed XML; `line` is where the reader stopped. */
export class ImportFormatError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** What a format reader is told as the XML goes by. Text arrives whole per element, at its closing tag. */
export interface XmlHandler<E> {
  open(tag: SaxesTagNS, at: XmlAt<E>): void;
  close(tag: SaxesTagNS, text: string, at: XmlAt<E>): void;
  /** Called once the document ended well-formed: a last chance to say the file was not this format. */
  end(at: XmlAt<E>): void;
}

/** Where the reader is (for messages) and how a handler hands on a finished event. */
export interface XmlAt<E> {
  readonly line: number;
  emit(event: E): void;
}

// saxes reports "1:2: message"; we put the line first in our own words.
const SAXES_POSITION = /^(?:[^:]*:)?\d+:\d+: /;

/**
 * Streams the chunks through saxes and yields the handler's events as they complete. A DOCTYPE is refused
 * outright (WordPress and Disqus never write one, and it is how entity attacks arrive); saxes itself never
 * expands an entity it was not born knowing, so `&lol;` is an error, not a billion laughs.
 */
export async function* readXml<E>(chunks: AsyncIterable<string | Uint8Array>, handler: XmlHandler<E>): AsyncGenerator<E> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const pending: E[] = [];
  const at: XmlAt<E> = {
    get line() {
      return parser.line;
    },
    emit: (event) => pending.push(event),
  };
  const fail = (message: string): never => {
    throw new ImportFormatError(parser.line, message);
  };
  let text = '';
  let sawRoot = false;
  parser.on('error', (err) => fail(err.message.replace(SAXES_POSITION, '')));
  parser.on('doctype', () => fail('a DOCTYPE is not accepted in an export (its entities are never read)'));
  parser.on('xmldecl', (decl) => {
    if (decl.encoding !== undefined && !/^utf-?8$/i.test(decl.encoding)) fail(`the file declares encoding ${decl.encoding}; only UTF-8 is read`);
  });
  parser.on('opentag', (tag) => {
    sawRoot = true;
    text = '';
    handler.open(tag, at);
  });
  const append = (part: string) => {
    if (text.length + part.length > MAX_FIELD_CHARS) fail(`an element's text is longer than ${MAX_FIELD_CHARS} characters`);
    text += part;
  };
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('closetag', (tag) => {
    handler.close(tag, text, at);
    text = '';
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (chunk: string | Uint8Array, last: boolean) => {
    try {
      return typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: !last });
    } catch {
      return fail('the file is not valid UTF-8');
    }
  };
  for await (const chunk of chunks) {
    parser.write(decode(chunk, false));
    yield* pending.splice(0);
  }
  parser.write(decode(new Uint8Array(), true));
  if (!sawRoot) fail('the file is empty or holds no XML element');
  parser.close();
  yield* pending.splice(0);
  handler.end(at);
}
