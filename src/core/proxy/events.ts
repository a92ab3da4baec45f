// What a proxy session reports: to the audit log always, to the hub when it is reachable. One zod
// definition serves both the proxy (which builds these) and the hub (which validates them on
// receipt), so the two cannot drift apart.
import * as z from 'zod/mini';

export const directionSchema = z.enum(['client-to-server', 'server-to-client']);
export type Direction = z.infer<typeof directionSchema>;

export const verdictActionSchema = z.enum(['pass', 'annotate', 'rewrite', 'block']);
export type VerdictAction = z.infer<typeof verdictActionSchema>;

const base = {
  sessionId: z.string().check(z.maxLength(200)),
  serverId: z.string().check(z.maxLength(2000)),
  /** Milliseconds since the epoch. */
  time: z.number(),
};

export const sessionStartEventSchema = z.object({
  type: z.literal('session-start'),
  ...base,
  command: z.string(),
  args: z.array(z.string()),
  proxyPid: z.int(),
  serverPid: z.optional(z.int()),
});

export const sessionEndEventSchema = z.object({
  type: z.literal('session-end'),
  ...base,
  /** The server's exit code; null when it was killed by a signal or never started. */
  exitCode: z.nullable(z.int()),
  signal: z.nullable(z.string()),
  /** Why the session ended: server-exit, client-closed, proxy-signal, spawn-error. */
  reason: z.string(),
  durationMs: z.number(),
  messages: z.int(),
});

export const messageKindSchema = z.enum(['request', 'notification', 'response', 'error', 'invalid', 'non-json', 'oversize']);

export const messageEventSchema = z.object({
  type: z.literal('message'),
  ...base,
  /** Order of the message within its session, from 1. */
  seq: z.int(),
  direction: directionSchema,
  kind: messageKindSchema,
  method: z.optional(z.string()),
  id: z.optional(z.union([z.string(), z.number(), z.null()])),
  /** Tool or prompt name, or resource URI, of a request (or of the request a response answers). */
  subject: z.optional(z.string()),
  /** Bytes of the line on the wire, terminator included (for a batch: the whole batch line). */
  size: z.int(),
  /** For a response: milliseconds since its request passed the proxy. */
  latencyMs: z.optional(z.number()),
  error: z.optional(z.object({ code: z.number(), message: z.string() })),
  /** Present when the message was one item of a batch. */
  batch: z.optional(z.object({ index: z.int(), count: z.int() })),
  /** The request named by a notifications/cancelled, or true on a response to a cancelled request. */
  cancels: z.optional(z.union([z.string(), z.number()])),
  cancelled: z.optional(z.boolean()),
  verdict: verdictActionSchema,
  notes: z.optional(z.array(z.string())),
});

export const warningEventSchema = z.object({
  type: z.literal('warning'),
  ...base,
  message: z.string(),
});

export const proxyEventSchema = z.discriminatedUnion('type', [
  sessionStartEventSchema,
  sessionEndEventSchema,
  messageEventSchema,
  warningEventSchema,
]);

export type SessionStartEvent = z.infer<typeof sessionStartEventSchema>;
export type SessionEndEvent = z.infer<typeof sessionEndEventSchema>;
export type MessageEvent = z.infer<typeof messageEventSchema>;
export type WarningEvent = z.infer<typeof warningEventSchema>;
export type ProxyEvent = z.infer<typeof proxyEventSchema>;

export type EventSink = (event: ProxyEvent) => void;
