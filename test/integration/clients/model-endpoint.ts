// A loopback stand-in for an OpenAI-compatible model API (chat completions, streamed or not, and
// the model list), for clients that start MCP servers only when a prompt runs (Qwen Code -p,
// Copilot CLI -p with a BYOK provider, Continue CLI -p). It answers every chat request with one
// short assistant message and records what each request offered the model (tool definitions, and
// the request text for clients that list deferred tools in the prompt), so a test can see the MCP
// server's tools reach the model through the proxy.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';

export const MODEL_ID = 'warden-test-model';
export const MODEL_REPLY = 'Hello from the loopback model.';

const chatRequest = z.looseObject({
  model: z.string().optional(),
  stream: z.boolean().optional(),
  tools: z.array(z.looseObject({ function: z.looseObject({ name: z.string() }).optional() })).optional(),
});

export interface ModelEndpoint {
  /** Base URL ending in /v1. */
  url: string;
  /** Every request as "METHOD /path". */
  requests: string[];
  /** The tool names offered to the model, over all chat requests. */
  toolNames(): string[];
  /** Whether any chat request's text contains `text` (Qwen Code names deferred MCP tools in the prompt). */
  mentions(text: string): boolean;
  close(): Promise<void>;
}

function reply(response: ServerResponse, body: unknown): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function chat(request: z.infer<typeof chatRequest>, response: ServerResponse): void {
  const base = { id: 'chatcmpl-warden', created: Math.floor(Date.now() / 1000), model: request.model ?? MODEL_ID };
  const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
  if (!request.stream) {
    reply(response, { ...base, object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: MODEL_REPLY }, finish_reason: 'stop' }], usage });
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const event = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
  event({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: MODEL_REPLY }, finish_reason: null }] });
  event({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage });
  response.end('data: [DONE]\n\n');
}

export async function startModelEndpoint(): Promise<ModelEndpoint> {
  const requests: string[] = [];
  const tools = new Set<string>();
  const bodies: string[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      requests.push(`${request.method} ${path}`);
      if (request.method === 'GET' && path.endsWith('/models')) {
        reply(response, { object: 'list', data: [{ id: MODEL_ID, object: 'model', created: 0, owned_by: 'warden-test' }] });
        return;
      }
      if (request.method === 'POST' && path.endsWith('/chat/completions')) {
        const text = Buffer.concat(chunks).toString('utf8');
        bodies.push(text);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        const parsed = chatRequest.safeParse(body);
        if (parsed.success) {
          for (const tool of parsed.data.tools ?? []) if (tool.function) tools.add(tool.function.name);
          chat(parsed.data, response);
          return;
        }
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `offline test endpoint: no ${request.method} ${path}`, type: 'invalid_request_error' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    toolNames: () => [...tools],
    mentions: (text) => bodies.some((body) => body.includes(text)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
