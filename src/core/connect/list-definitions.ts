// Connects the SDK's Client over a transport and lists everything a server offers, following
// nextCursor. The server is untrusted: pages are capped, a cursor seen twice ends its list, and
// every request carries the caller's abort signal (the per-server deadline).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ListedDefinitions } from './definition-findings.js';

/** More pages than any real server sends; a server that never stops paginating is cut off here. */
export const MAX_PAGES = 100;

export interface ServerSummary {
  name?: string;
  version?: string;
  /** The pages requested per list, for the report and the pagination test. */
  pages: Record<keyof ListedDefinitions, number>;
}

type Page = { nextCursor?: string | undefined } & Record<string, unknown>;
type Listed = { items: Record<string, unknown>[]; pages: number };

const METHOD_NOT_FOUND = -32601;

/** A server that declares a capability but not one of its lists (templates, often) just has none of those. */
async function orNone(listing: Promise<Listed>): Promise<Listed> {
  try {
    return await listing;
  } catch (error) {
    if ((error as { code?: unknown }).code === METHOD_NOT_FOUND) return { items: [], pages: 0 };
    throw error;
  }
}

async function allPages(list: (cursor: string | undefined) => Promise<Page>, key: string): Promise<Listed> {
  const items: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  while (pages < MAX_PAGES) {
    const page = await list(cursor);
    pages += 1;
    const found = page[key];
    if (Array.isArray(found)) for (const item of found) if (item && typeof item === 'object' && !Array.isArray(item)) items.push(item as Record<string, unknown>);
    cursor = typeof page.nextCursor === 'string' && page.nextCursor !== '' ? page.nextCursor : undefined;
    if (cursor === undefined || seen.has(cursor)) break;
    seen.add(cursor);
  }
  return { items, pages };
}

/** Initialises a session over `transport` and lists tools, prompts, resources and templates the server declares. */
export async function listDefinitions(transport: Transport, signal: AbortSignal, clientVersion: string): Promise<{ listed: ListedDefinitions; summary: ServerSummary }> {
  const client = new Client({ name: 'mcp-warden-scan', version: clientVersion });
  const options = { signal };
  await client.connect(transport, options);
  const capabilities = client.getServerCapabilities() ?? {};
  const info = client.getServerVersion();
  const none = Promise.resolve<Listed>({ items: [], pages: 0 });
  const [tools, prompts, resources, resourceTemplates] = await Promise.all([
    capabilities.tools ? orNone(allPages((cursor) => client.listTools(cursor ? { cursor } : {}, options), 'tools')) : none,
    capabilities.prompts ? orNone(allPages((cursor) => client.listPrompts(cursor ? { cursor } : {}, options), 'prompts')) : none,
    capabilities.resources ? orNone(allPages((cursor) => client.listResources(cursor ? { cursor } : {}, options), 'resources')) : none,
    capabilities.resources ? orNone(allPages((cursor) => client.listResourceTemplates(cursor ? { cursor } : {}, options), 'resourceTemplates')) : none,
  ]);
  return {
    listed: { tools: tools.items, prompts: prompts.items, resources: resources.items, resourceTemplates: resourceTemplates.items },
    summary: {
      ...(info?.name ? { name: info.name } : {}),
      ...(info?.version ? { version: info.version } : {}),
      pages: { tools: tools.pages, prompts: prompts.pages, resources: resources.pages, resourceTemplates: resourceTemplates.pages },
    },
  };
}
