/**
 * An incremental Server-Sent Events parser (the WHATWG "event stream interpretation"): bytes in,
 * complete messages out. Chunks may split anywhere, including inside a UTF-8 sequence or between
 * the CR and LF of a line end. Pure: the reconnecting reader in events.ts owns the I/O.
 */

export interface SseMessage {
  /** The `event:` field, "message" when absent. */
  readonly event: string;
  readonly data: string;
  /** The last `id:` seen so far in the stream (ids persist across messages, per the spec). */
  readonly id: string | null;
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  private buffer = '';
  private sawFirstChunk = false;
  private event = '';
  private data: string[] = [];
  private hasData = false;
  /** The stream's last event id (survives across messages and is what a reconnect resumes from). */
  lastEventId: string | null = null;
  /** A `retry:` field: the server's advice for the reconnection delay, in ms. */
  retryMs: number | null = null;

  push(chunk: Uint8Array | string): SseMessage[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (!this.sawFirstChunk && text.length > 0) {
      this.sawFirstChunk = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const c = this.buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A CR at the very end may be the first half of CRLF: wait for the next chunk to decide.
      if (c === 13 && i === this.buffer.length - 1) break;
      const line = this.buffer.slice(start, i);
      if (c === 13 && this.buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /**
   * End of stream: a CR held back as a possible CRLF half is a line end after all; a message still
   * without its terminating blank line is then discarded, as the spec says.
   */
  end(): SseMessage[] {
    const out: SseMessage[] = [];
    if (this.buffer.endsWith('\r')) {
      const message = this.line(this.buffer.slice(0, -1));
      if (message) out.push(message);
    }
    this.buffer = '';
    this.resetMessage();
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.event = value;
        break;
      case 'data':
        this.data.push(value);
        this.hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }

  private dispatch(): SseMessage | null {
    if (!this.hasData) {
      this.resetMessage();
      return null;
    }
    const message: SseMessage = { event: this.event === '' ? 'message' : this.event, data: this.data.join('\n'), id: this.lastEventId };
    this.resetMessage();
    return message;
  }

  private resetMessage(): void {
    this.event = '';
    this.data = [];
    this.hasData = false;
  }
}
