/**
 * The SSE parser against the WHATWG event-stream rules that matter for resuming: messages split
 * anywhere, every line-end style, ids that persist, comments, retry advice and multi-line data.
 */
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/client/index.js';

const STREAM = ': hello\n\nid: 1\nevent: resource-state\ndata: {"seq":1}\n\nid: 2\r\nevent: group-state\r\ndata: {"seq":2}\r\n\r\nretry: 250\rdata: a\rdata: b\r\r';

describe('SseParser', () => {
  it('parses a stream with LF, CRLF and CR line ends, comments, ids, retry and multi-line data', () => {
    const parser = new SseParser();
    // The final CR could be half of a CRLF, so it ends its line only once the stream ends.
    const messages = [...parser.push(STREAM), ...parser.end()];
    expect(messages).toEqual([
      { event: 'resource-state', data: '{"seq":1}', id: '1' },
      { event: 'group-state', data: '{"seq":2}', id: '2' },
      // No id: field: the last id persists; no event: field means "message".
      { event: 'message', data: 'a\nb', id: '2' },
    ]);
    expect(parser.retryMs).toBe(250);
    expect(parser.lastEventId).toBe('2');
  });

  it('gives the same messages whatever way the bytes are split, even inside UTF-8 and CRLF', () => {
    const text = `\ufeffid: 7\r\nevent: x\r\ndata: {"note":"Größe ✓"}\r\n\r\nid: 8\ndata: {"n":2}\n\n`;
    const bytes = new TextEncoder().encode(text);
    const whole = new SseParser().push(bytes);
    expect(whole).toHaveLength(2);
    expect(whole[0]).toEqual({ event: 'x', data: '{"note":"Größe ✓"}', id: '7' });
    for (let size = 1; size <= 7; size++) {
      const parser = new SseParser();
      const got = [];
      for (let i = 0; i < bytes.length; i += size) got.push(...parser.push(bytes.subarray(i, i + size)));
      expect(got).toEqual(whole);
    }
  });

  it('takes "field" without a colon, strips one leading space only, ignores unknown fields and NUL ids', () => {
    const parser = new SseParser();
    const got = parser.push('data\nfoo: bar\ndata:  two spaces\nid: a\0b\n\n');
    expect(got).toEqual([{ event: 'message', data: '\n two spaces', id: null }]);
  });

  it('drops a message that lacks its closing blank line when the stream ends', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\ndata: {"seq":3}\n')).toEqual([]);
    expect(parser.end()).toEqual([]);
    expect(parser.push('\n')).toEqual([]);
    expect(parser.lastEventId).toBe('3');
  });
});
