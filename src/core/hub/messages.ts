// The hub protocol: newline-delimited JSON over a per-user socket, validated with zod on both
// sides. A proxy's first line must be `hello` with the token; the hub says nothing before that.
import * as z from 'zod/mini';
import { proxyEventSchema } from '../proxy/events.js';

export const HUB_PROTOCOL_VERSION = 1;

/** Hello and events are small; anything longer is a broken or hostile peer. */
export const MAX_HUB_LINE_BYTES = 1024 * 1024;

export const helloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.literal(HUB_PROTOCOL_VERSION),
  token: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  proxyPid: z.int(),
  serverId: z.string().check(z.maxLength(2000)),
  sessionId: z.string().check(z.maxLength(200)),
});

export const proxyToHubSchema = z.discriminatedUnion('type', [
  helloSchema,
  z.object({ type: z.literal('event'), event: proxyEventSchema }),
]);

export const hubToProxySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), protocol: z.literal(HUB_PROTOCOL_VERSION) }),
]);

export type Hello = z.infer<typeof helloSchema>;
export type ProxyToHub = z.infer<typeof proxyToHubSchema>;
export type HubToProxy = z.infer<typeof hubToProxySchema>;

export function encode(message: ProxyToHub | HubToProxy): string {
  return `${JSON.stringify(message)}\n`;
}
