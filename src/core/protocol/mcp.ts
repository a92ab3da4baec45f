// MCP facts the proxy needs about messages, by protocol era (see DESIGN.md "MCP protocol eras").

/** Revisions that allowed JSON-RPC batches on the wire: only 2025-03-26 (added then, removed in 2025-06-18). */
export const BATCH_ERAS: ReadonlySet<string> = new Set(['2025-03-26']);

export const CANCELLED_NOTIFICATION = 'notifications/cancelled';

/** Requests a server sends to its client. */
export const SERVER_TO_CLIENT_REQUESTS: ReadonlySet<string> = new Set([
  'sampling/createMessage',
  'elicitation/create',
  'roots/list',
  'ping',
]);

/** The protocol version a client asks for in `initialize`, or undefined. */
export function requestedProtocolVersion(method: string, params: unknown): string | undefined {
  if (method !== 'initialize') return undefined;
  return stringField(params, 'protocolVersion');
}

/** The protocol version a server answers `initialize` with, or undefined. */
export function negotiatedProtocolVersion(result: unknown): string | undefined {
  return stringField(result, 'protocolVersion');
}

/** The id a `notifications/cancelled` names, or undefined. */
export function cancelledRequestId(params: unknown): string | number | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const id = (params as Record<string, unknown>).requestId;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/** The name a request is about (tool, prompt), or its resource URI: what an inspector shows beside the method. */
export function requestSubject(method: string, params: unknown): string | undefined {
  if (method === 'tools/call' || method === 'prompts/get') return stringField(params, 'name');
  if (method === 'resources/read' || method === 'resources/subscribe' || method === 'resources/unsubscribe') return stringField(params, 'uri');
  return undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}
