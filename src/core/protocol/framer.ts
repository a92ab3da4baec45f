// stdio MCP framing: one JSON-RPC message per line. Unlike the SDK's ReadBuffer this keeps the
// original bytes of every line, because the proxy relays them untouched and only parses a copy.
//
// Cost stays linear in the input whatever the chunking: the framer keeps the pending chunks in a
// list (never concatenating on every push) and scans only the newly arrived bytes for '\n'. A
// multi-byte UTF-8 character split across chunks needs no special care: 0x0A never occurs inside
// a UTF-8 sequence, so splitting on bytes and decoding whole lines is always correct.

/** A complete line. `raw` includes its terminator ("\n" or "\r\n"); `body` excludes it. */
export interface FramedLine {
  type: 'line';
  raw: Buffer;
  body: Buffer;
}

/**
 * A piece of a line longer than the limit. Such a line is not buffered any further: its bytes are
 * handed on as they arrive (so memory stays bounded) and the caller decides whether to relay them
 * uninspected or drop them. `first` marks the first piece, `last` the piece ending the line.
 */
export interface OversizePiece {
  type: 'oversize';
  raw: Buffer;
  first: boolean;
  last: boolean;
  /** Bytes of this line so far, this piece included. */
  lineBytes: number;
}

export type Frame = FramedLine | OversizePiece;

/** 256 MiB: far above any real tool result, low enough to bound a misbehaving server's cost. */
export const DEFAULT_MAX_LINE_BYTES = 256 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class LineFramer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Set while the current line has exceeded the limit and is being streamed through. */
  private oversizeBytes: number | undefined;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    if (!(maxLineBytes > 0)) throw new RangeError('maxLineBytes must be positive');
  }

  /** Bytes held for an unfinished line. */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  /** Feeds a chunk and returns the frames it completes, in order. */
  push(chunk: Buffer): Frame[] {
    const frames: Frame[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.subarray(start, end);
      start = end;
      if (this.oversizeBytes !== undefined) {
        this.oversizeBytes += piece.length;
        frames.push({ type: 'oversize', raw: piece, first: false, last: newline !== -1, lineBytes: this.oversizeBytes });
        if (newline !== -1) this.oversizeBytes = undefined;
        continue;
      }
      if (newline === -1) {
        // +1 leaves room for the '\r' of a CRLF terminator arriving before its '\n'.
        if (this.pendingBytes + piece.length > this.maxLineBytes + 1) {
          frames.push(this.startOversize(piece, false));
        } else {
          this.pending.push(piece);
          this.pendingBytes += piece.length;
        }
        continue;
      }
      const lineBytes = this.pendingBytes + piece.length;
      if (lineBytes > this.maxLineBytes + 2) {
        // The terminator itself does not count against the limit (+2 for "\r\n").
        frames.push(this.startOversize(piece, true));
        this.oversizeBytes = undefined;
        continue;
      }
      const raw = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece], lineBytes);
      this.pending = [];
      this.pendingBytes = 0;
      frames.push({ type: 'line', raw, body: stripTerminator(raw) });
    }
    return frames;
  }

  /**
   * Ends the stream. An unterminated last line is returned as-is (`raw` then has no terminator):
   * a relay must still forward it, since the peer may act on it.
   */
  end(): Frame[] {
    if (this.oversizeBytes !== undefined) {
      const lineBytes = this.oversizeBytes;
      this.oversizeBytes = undefined;
      return [{ type: 'oversize', raw: Buffer.alloc(0), first: false, last: true, lineBytes }];
    }
    if (this.pendingBytes === 0) return [];
    const raw = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return [{ type: 'line', raw, body: stripTerminator(raw) }];
  }

  private startOversize(piece: Buffer, last: boolean): OversizePiece {
    const raw = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
    this.pending = [];
    this.pendingBytes = 0;
    this.oversizeBytes = raw.length;
    return { type: 'oversize', raw, first: true, last, lineBytes: raw.length };
  }
}

function stripTerminator(raw: Buffer): Buffer {
  let end = raw.length;
  if (end > 0 && raw[end - 1] === NEWLINE) end--;
  if (end > 0 && raw[end - 1] === CARRIAGE_RETURN) end--;
  return raw.subarray(0, end);
}
