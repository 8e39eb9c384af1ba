import { describe, expect, it } from 'vitest';
import { PageBuffers } from '../../server/page-cache/page-buffers.js';

const pieces = (...texts: string[]) => texts.map((t) => Buffer.from(t));

describe('PageBuffers', () => {
  it('writes the token into every slot', () => {
    const pages = new PageBuffers(pieces('<a value="', '"><b value="', '">end'), 4);
    expect(pages.take(Buffer.from('ABCD'))?.toString()).toBe('<a value="ABCD"><b value="ABCD">end');
  });

  it('reuses a page given back, with the next reader’s token in place of the last one’s', () => {
    const pages = new PageBuffers(pieces('x=', ';'), 3);
    const first = pages.take(Buffer.from('aaa'))!;
    pages.release(first);
    const second = pages.take(Buffer.from('bbb'))!;
    expect(second).toBe(first);
    expect(second.toString()).toBe('x=bbb;');
  });

  it('never hands the same page to two readers at once', () => {
    const pages = new PageBuffers(pieces('x=', ';'), 3);
    const a = pages.take(Buffer.from('aaa'))!;
    const b = pages.take(Buffer.from('bbb'))!;
    expect(b).not.toBe(a);
    expect(a.toString()).toBe('x=aaa;');
  });

  it('refuses a token of another width', () => {
    expect(new PageBuffers(pieces('x=', ';'), 3).take(Buffer.from('toolong'))).toBeNull();
  });

  it('keeps a bounded number of spares', () => {
    const pages = new PageBuffers(pieces('x=', ';'), 3);
    const taken = Array.from({ length: 40 }, () => pages.take(Buffer.from('aaa'))!);
    for (const page of taken) pages.release(page);
    expect(pages.spareBytes).toBe(8 * 6);
    expect(pages.mostSpareBytes).toBe(8 * 6);
  });

  it('serves a page without a slot whole', () => {
    expect(new PageBuffers(pieces('<p>no form</p>'), 43).take(Buffer.alloc(43))?.toString()).toBe('<p>no form</p>');
  });
});
