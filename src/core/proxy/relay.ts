// The byte relay between a client and a server, independent of processes: the caller feeds it
// chunks from either side and it calls `send` with what goes to each side. Whenever the verdict
// is pass or annotate the original bytes are sent untouched (never re-serialised); the parsed
// copy is only for the session and the policy.
import { LineFramer, type Frame } from '../protocol/framer.js';
import { errorResponseLine, parseLine, type JsonRpcMessage } from '../protocol/jsonrpc.js';
import type { Direction } from './events.js';
import { DEFAULT_BLOCK_ERROR, passAll, type InspectedMessage, type Policy, type Verdict } from './policy.js';
import type { MessageInfo, ProxySession } from './session.js';

export type Peer = 'client' | 'server';

export interface RelayOptions {
  session: ProxySession;
  /**
   * Decides each message before it is relayed. Without one the relay only observes: every chunk
   * is forwarded the moment it arrives, exactly as it arrived, and inspected afterwards. That is
   * the fastest transparent path (no re-chunking, no waiting for a line's end or its parse) and
   * the one the proxy runs until pinning and detection bring a policy that can change traffic.
   */
  policy?: Policy;
  /** Writes bytes to one side. */
  send: (to: Peer, bytes: Buffer) => void;
  /** Longest line parsed; longer lines are streamed through uninspected. */
  maxLineBytes?: number;
  /** What to do with a line too long to inspect: relay it (default) or drop it. */
  oversize?: 'relay' | 'drop';
}

const NO_NOTES: readonly string[] = Object.freeze([]);

function target(direction: Direction): Peer {
  return direction === 'client-to-server' ? 'server' : 'client';
}

function source(direction: Direction): Peer {
  return direction === 'client-to-server' ? 'client' : 'server';
}

export class Relay {
  private readonly framers: Record<Direction, LineFramer>;
  /** Per direction: the tail of the frames waiting for an asynchronous verdict, so order is kept. */
  private readonly tails: Record<Direction, Promise<void> | undefined> = { 'client-to-server': undefined, 'server-to-client': undefined };
  private readonly policy: Policy;
  private readonly observeOnly: boolean;
  private readonly oversizeMode: 'relay' | 'drop';

  constructor(private readonly options: RelayOptions) {
    this.framers = {
      'client-to-server': new LineFramer(options.maxLineBytes),
      'server-to-client': new LineFramer(options.maxLineBytes),
    };
    this.policy = options.policy ?? passAll;
    this.observeOnly = options.policy === undefined;
    this.oversizeMode = this.observeOnly ? 'relay' : (options.oversize ?? 'relay');
  }

  /**
   * Feeds bytes that arrived from one side. Returns a promise only while a verdict is pending
   * (an asynchronous policy): the caller should wait for it before reading more, which gives
   * back-pressure and keeps messages in order.
   */
  push(direction: Direction, chunk: Buffer): Promise<void> | undefined {
    if (this.observeOnly && chunk.length > 0) this.options.send(target(direction), chunk);
    return this.process(direction, this.framers[direction].push(chunk));
  }

  /** The side closed its output: flushes an unterminated last line. */
  end(direction: Direction): Promise<void> | undefined {
    return this.process(direction, this.framers[direction].end());
  }

  private process(direction: Direction, frames: Frame[]): Promise<void> | undefined {
    const before = this.tails[direction];
    let tail = before;
    for (const frame of frames) {
      tail = tail ? tail.then(() => this.handleFrame(direction, frame)) : this.handleFrame(direction, frame);
    }
    if (!tail || tail === before) return tail;
    // The chain clears itself once drained, unless more was queued behind it meanwhile.
    const chained: Promise<void> = tail.then(() => {
      if (this.tails[direction] === chained) this.tails[direction] = undefined;
    });
    this.tails[direction] = chained;
    return chained;
  }

  /**
   * A bug in inspection must not cost the user a message: the frame is relayed as it came (when
   * the relay had not already sent it) and the failure recorded.
   */
  private handleFrame(direction: Direction, frame: Frame): Promise<void> | undefined {
    try {
      return this.inspectFrame(direction, frame);
    } catch (error) {
      if (!this.observeOnly && frame.raw.length > 0) this.options.send(target(direction), frame.raw);
      this.options.session.warn(`inspection failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private inspectFrame(direction: Direction, frame: Frame): Promise<void> | undefined {
    const session = this.options.session;
    if (frame.type === 'oversize') {
      if (frame.first) session.warn(`a ${direction} line exceeded the inspection limit; ${this.oversizeMode === 'relay' ? 'relaying it uninspected' : 'dropping it'}`);
      if (this.oversizeMode === 'relay' && frame.raw.length > 0 && !this.observeOnly) this.options.send(target(direction), frame.raw);
      if (frame.last) session.recordOversize(direction, frame.lineBytes, this.oversizeMode === 'relay' ? 'pass' : 'block');
      return undefined;
    }
    const parsed = parseLine(frame.body);
    const infos = session.inspect(direction, parsed, frame.raw.length);
    const message: InspectedMessage = { direction, raw: frame.raw, body: frame.body, parsed };
    // A batch gets one verdict, asked with the context of its first item.
    const context = session.context(infos[0]!);
    let verdict: Verdict | Promise<Verdict>;
    try {
      verdict = this.policy(message, context);
    } catch (error) {
      verdict = policyFailure(error);
    }
    if (verdict instanceof Promise) {
      return verdict.catch(policyFailure).then((settled) => this.apply(direction, frame.raw, infos, settled));
    }
    this.apply(direction, frame.raw, infos, verdict);
    return undefined;
  }

  private apply(direction: Direction, raw: Buffer, infos: MessageInfo[], verdict: Verdict): void {
    const { send, session } = this.options;
    const notes = verdict.action === 'pass' ? NO_NOTES : (verdict.notes ?? NO_NOTES);
    if (this.observeOnly) {
      for (const info of infos) session.record(info, 'pass', notes);
      return;
    }
    switch (verdict.action) {
      case 'pass':
      case 'annotate':
        send(target(direction), raw);
        break;
      case 'rewrite': {
        const bytes = verdict.bytes;
        send(target(direction), bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? bytes : Buffer.concat([bytes, Buffer.from('\n')]));
        break;
      }
      case 'block': {
        const error = verdict.error ?? DEFAULT_BLOCK_ERROR;
        for (const info of infos) {
          const message = info.message as JsonRpcMessage | { kind: 'non-json' };
          if (message.kind === 'request') {
            // Answer the sender so it is not left waiting for a response that will never come.
            session.forget(direction, message.id);
            send(source(direction), errorResponseLine(message.id, error));
          } else if ((message.kind === 'response' || message.kind === 'error') && message.id !== null) {
            send(target(direction), errorResponseLine(message.id, error));
          }
        }
        break;
      }
    }
    for (const info of infos) session.record(info, verdict.action, notes);
  }
}

/**
 * A policy that throws fails open (the message passes) and the failure is recorded: a bug in a
 * detector must not cut a user off from their tools. Pinning enforcement will decide per rule.
 */
function policyFailure(error: unknown): Verdict {
  return { action: 'annotate', notes: [`policy failed: ${error instanceof Error ? error.message : String(error)}`] };
}
