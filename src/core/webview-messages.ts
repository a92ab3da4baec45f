// Everything that crosses between the extension and the Inspector webview, declared once: zod
// schemas and the types inferred from them. Both sides validate what they receive with these and
// drop anything else, so a compromised or buggy webview can only ask for the few things listed
// in `webviewToExtensionSchema`. No Node or VS Code imports: the webview bundle includes this file.
import * as z from 'zod/mini';
import { messageEventSchema, type MessageEvent } from './proxy/events.js';

export const sessionViewSchema = z.object({
  sessionId: z.string(),
  serverId: z.string(),
  /** The inventory's name of the server and its client, when this window's scan knows the id. */
  serverName: z.optional(z.string()),
  client: z.optional(z.string()),
  command: z.optional(z.string()),
  args: z.optional(z.array(z.string())),
  proxyPid: z.optional(z.int()),
  serverPid: z.optional(z.int()),
  /** Milliseconds since the epoch: session-start, or the first event seen of the session. */
  start: z.number(),
  end: z.optional(z.number()),
  exitCode: z.optional(z.nullable(z.int())),
  signal: z.optional(z.nullable(z.string())),
  reason: z.optional(z.string()),
  /** Messages seen by this window (retained or not) and the proxy's own count at session end. */
  seen: z.int(),
  total: z.optional(z.int()),
  errors: z.int(),
  warnings: z.array(z.string()),
  /** How this window learned of the session: from the hub as it happened, or from the audit log. */
  source: z.enum(['live', 'audit']),
});

export const messageViewSchema = z.extend(messageEventSchema, {
  /** Order of arrival in this window's store; increases across sessions. */
  key: z.int(),
});

export const feedSchema = z.object({
  /** hub: this window hosts the hub; audit-tail: another window does, events come from the audit log. */
  mode: z.enum(['hub', 'audit-tail', 'off']),
  detail: z.string(),
});

/** A definition a list message's findings point into, as the pin store holds it (what the server offered). */
export const flaggedDefinitionSchema = z.object({
  /** The list position the findings name, e.g. `tools[1]`. */
  where: z.string().check(z.maxLength(200)),
  name: z.string(),
  definition: z.unknown(),
});

export type FlaggedDefinition = z.infer<typeof flaggedDefinitionSchema>;

export type SessionView = z.infer<typeof sessionViewSchema>;
export type MessageView = z.infer<typeof messageViewSchema>;
export type Feed = z.infer<typeof feedSchema>;

/** The proxy's event behind a stored message (its store key removed). */
export function messageEventOf(view: MessageView): MessageEvent {
  const copy: Partial<MessageView> = { ...view };
  delete copy.key;
  return copy as MessageEvent;
}

export const extensionToWebviewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('snapshot'),
    sessions: z.array(sessionViewSchema),
    messages: z.array(messageViewSchema),
    feed: feedSchema,
    capacity: z.int(),
    paused: z.boolean(),
  }),
  z.object({
    type: z.literal('update'),
    sessions: z.array(sessionViewSchema),
    messages: z.array(messageViewSchema),
    /** Messages with a smaller key were evicted from the store. */
    firstKey: z.int(),
    feed: feedSchema,
  }),
  z.object({ type: z.literal('exported'), sessionId: z.string(), ok: z.boolean(), detail: z.string() }),
  /** Select this message (a notification's "Show in Inspector"). */
  z.object({ type: z.literal('select'), sessionId: z.string(), seq: z.int() }),
  /** The definitions a selected list message's findings point into; empty when no pin file has them. */
  z.object({ type: z.literal('definitions'), key: z.int(), items: z.array(flaggedDefinitionSchema) }),
]);

export const webviewToExtensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('pause'), paused: z.boolean() }),
  z.object({ type: z.literal('export'), sessionId: z.string().check(z.maxLength(200)) }),
  /** The definitions behind a list message with findings (by store key), to show the flagged text. */
  z.object({
    type: z.literal('definitions'),
    key: z.int(),
    items: z.array(z.object({ where: z.string().check(z.maxLength(200)), kind: z.enum(['tool', 'prompt', 'resource']), name: z.string().check(z.maxLength(2000)) })).check(z.maxLength(100)),
  }),
  /** What the detail pane shows now: the selected message, its findings, and the highlighted spans' text. */
  z.object({
    type: z.literal('shown'),
    key: z.int(),
    findings: z.int(),
    highlights: z.array(z.string().check(z.maxLength(2000))).check(z.maxLength(100)),
    markedRows: z.int(),
    /** The highlight's theme colour applied: the page's nonce-carrying style element passed the CSP. */
    styled: z.boolean(),
  }),
]);

export type ExtensionToWebview = z.infer<typeof extensionToWebviewSchema>;
export type WebviewToExtension = z.infer<typeof webviewToExtensionSchema>;

/** Validates a message from the webview; undefined when it is not one of the declared shapes. */
export function parseWebviewMessage(value: unknown): WebviewToExtension | undefined {
  const result = webviewToExtensionSchema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** Validates a message from the extension; undefined when it is not one of the declared shapes. */
export function parseExtensionMessage(value: unknown): ExtensionToWebview | undefined {
  const result = extensionToWebviewSchema.safeParse(value);
  return result.success ? result.data : undefined;
}
