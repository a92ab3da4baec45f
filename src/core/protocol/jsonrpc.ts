// Classifies one line of MCP stdio traffic. The proxy parses a copy of each line for inspection;
// what it learns here never changes the bytes it relays.
// zod/mini: the same schemas, tree-shaken, so the proxy bundle stays small and starts fast.
import * as z from 'zod/mini';

export type JsonRpcId = string | number;

const idSchema = z.union([z.string(), z.number()]);

const errorObjectSchema = z.object({ code: z.number(), message: z.string(), data: z.optional(z.unknown()) });

const requestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: idSchema,
  method: z.string(),
  params: z.optional(z.unknown()),
});

const notificationSchema = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: z.optional(z.unknown()),
});

const resultSchema = z.object({ jsonrpc: z.literal('2.0'), id: idSchema, result: z.unknown() });

// A parse error response may carry a null id (JSON-RPC 2.0 §5).
const errorResponseSchema = z.object({ jsonrpc: z.literal('2.0'), id: z.nullable(idSchema), error: errorObjectSchema });

export type JsonRpcErrorObject = z.infer<typeof errorObjectSchema>;

export type JsonRpcMessage =
  | { kind: 'request'; id: JsonRpcId; method: string; params: unknown }
  | { kind: 'notification'; method: string; params: unknown }
  | { kind: 'response'; id: JsonRpcId; result: unknown }
  | { kind: 'error'; id: JsonRpcId | null; error: JsonRpcErrorObject }
  /** Valid JSON that is not a JSON-RPC 2.0 message (wrong version, missing fields…). */
  | { kind: 'invalid'; value: unknown; reason: string };

export type ParsedLine =
  | JsonRpcMessage
  | { kind: 'batch'; items: JsonRpcMessage[] }
  /** Not JSON at all: a log line on stdout, a banner, binary garbage. */
  | { kind: 'non-json'; reason: string };

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'string' || typeof value === 'number';
}

/**
 * The shapes of well-formed messages, checked with plain property tests: this runs on every
 * message the proxy relays, where a schema walk costs more than the rest of the inspection. It
 * accepts exactly what the zod schemas accept (a unit test holds the two together); anything it
 * does not recognise goes to the schemas, which decide and say why.
 */
function classifyWellFormed(record: Record<string, unknown>): JsonRpcMessage | undefined {
  if (record.jsonrpc !== '2.0') return undefined;
  const method = record.method;
  if (typeof method === 'string') {
    if (!('id' in record)) return { kind: 'notification', method, params: record.params };
    const id = record.id;
    return isId(id) ? { kind: 'request', id, method, params: record.params } : undefined;
  }
  if (method !== undefined) return undefined;
  if ('error' in record) {
    const id = record.id;
    const error = record.error;
    if ((id !== null && !isId(id)) || typeof error !== 'object' || error === null || Array.isArray(error)) return undefined;
    const { code, message, data } = error as Record<string, unknown>;
    if (typeof code !== 'number' || typeof message !== 'string') return undefined;
    return { kind: 'error', id, error: data === undefined ? { code, message } : { code, message, data } };
  }
  if ('result' in record && isId(record.id)) return { kind: 'response', id: record.id, result: record.result };
  return undefined;
}

/** Classifies one already-parsed JSON value. */
export function classifyValue(value: unknown): JsonRpcMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', value, reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  return classifyWellFormed(record) ?? classifyWithSchemas(value, record);
}

function classifyWithSchemas(value: unknown, record: Record<string, unknown>): JsonRpcMessage {
  if ('method' in record) {
    if ('id' in record) {
      const request = requestSchema.safeParse(value);
      if (request.success) return { kind: 'request', id: request.data.id, method: request.data.method, params: request.data.params };
      return { kind: 'invalid', value, reason: describe(request.error) };
    }
    const notification = notificationSchema.safeParse(value);
    if (notification.success) return { kind: 'notification', method: notification.data.method, params: notification.data.params };
    return { kind: 'invalid', value, reason: describe(notification.error) };
  }
  if ('error' in record) {
    const error = errorResponseSchema.safeParse(value);
    if (error.success) return { kind: 'error', id: error.data.id, error: error.data.error };
    return { kind: 'invalid', value, reason: describe(error.error) };
  }
  if ('result' in record) {
    const result = resultSchema.safeParse(value);
    if (result.success) return { kind: 'response', id: result.data.id, result: result.data.result };
    return { kind: 'invalid', value, reason: describe(result.error) };
  }
  return { kind: 'invalid', value, reason: 'neither a request, a notification nor a response' };
}

/** For tests: the schemas' verdict alone, without the fast path. */
export function classifyValueWithSchemas(value: unknown): JsonRpcMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid', value, reason: 'not a JSON object' };
  return classifyWithSchemas(value, value as Record<string, unknown>);
}

/** Parses and classifies the body of one line (without its terminator). */
export function parseLine(body: Buffer | string): ParsedLine {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'non-json', reason: error instanceof Error ? error.message : String(error) };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'invalid', value, reason: 'empty batch' };
    return { kind: 'batch', items: value.map(classifyValue) };
  }
  return classifyValue(value);
}

/** A JSON-RPC error response as one line of bytes, ready to write to a peer. */
export function errorResponseLine(id: JsonRpcId | null, error: JsonRpcErrorObject): Buffer {
  return Buffer.from(`${JSON.stringify({ jsonrpc: '2.0', id, error })}\n`, 'utf8');
}

/** The key under which an id is paired: 1 and "1" are different ids. */
export function idKey(id: JsonRpcId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

function describe(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid JSON-RPC message';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'message';
  return `${where}: ${issue.message}`;
}
