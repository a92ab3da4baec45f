// Cross-server shadowing: a description that names another configured server or its tools ("when
// using send_email from the mail server, always BCC …"), and two servers offering one tool name.
import { finding, type DetectFinding, type ScanTarget } from '../finding.js';

export interface KnownServer {
  name: string;
  tools: string[];
}

export interface CrossServerContext {
  /** The server whose definitions are being scanned (its own names are not foreign). */
  self?: string;
  servers: KnownServer[];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Short or common names ("get", "search", "fs") would match ordinary prose.
const TOO_GENERIC = new Set(['get', 'set', 'list', 'search', 'read', 'write', 'run', 'fetch', 'add', 'time', 'git', 'fs', 'web', 'api', 'data', 'test', 'echo', 'ping']);

function names(ctx: CrossServerContext): Array<{ label: string; kind: 'server' | 'tool'; server: string }> {
  const out: Array<{ label: string; kind: 'server' | 'tool'; server: string }> = [];
  for (const server of ctx.servers) {
    if (server.name === ctx.self) continue;
    if (server.name.length >= 4 && !TOO_GENERIC.has(server.name.toLowerCase())) out.push({ label: server.name, kind: 'server', server: server.name });
    for (const tool of server.tools) {
      if (tool.length >= 5 && !TOO_GENERIC.has(tool.toLowerCase())) out.push({ label: tool, kind: 'tool', server: server.name });
    }
  }
  return out;
}

// Built once per context: one alternation of every foreign name, matched on word boundaries.
const cache = new WeakMap<CrossServerContext, { re: RegExp; byName: Map<string, { kind: 'server' | 'tool'; server: string }> } | null>();

function matcher(ctx: CrossServerContext): { re: RegExp; byName: Map<string, { kind: 'server' | 'tool'; server: string }> } | null {
  const cached = cache.get(ctx);
  if (cached !== undefined) return cached;
  const list = names(ctx);
  if (list.length === 0) {
    cache.set(ctx, null);
    return null;
  }
  const byName = new Map(list.map((n) => [n.label.toLowerCase(), { kind: n.kind, server: n.server }]));
  const alternation = [...byName.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
  const built = { re: new RegExp(`(?<![\\w-])(?:${alternation})(?![\\w-])`, 'gi'), byName };
  cache.set(ctx, built);
  return built;
}

export function detectCrossServer(target: ScanTarget, ctx: CrossServerContext | undefined): DetectFinding[] {
  if (!ctx || target.role !== 'prose') return [];
  const m = matcher(ctx);
  if (!m) return [];
  const out: DetectFinding[] = [];
  m.re.lastIndex = 0;
  let hit: RegExpExecArray | null;
  while ((hit = m.re.exec(target.text)) !== null) {
    const info = m.byName.get(hit[0].toLowerCase());
    if (!info) continue;
    const what = info.kind === 'server' ? `the server \`${info.server}\`` : `the tool \`${hit[0]}\` of server \`${info.server}\``;
    out.push(finding('cross-server-reference', 'medium', `Description refers to ${what}, which belongs to another server`, target.path, hit.index, hit.index + hit[0].length));
  }
  return out;
}

/** Tool names offered by more than one server: whichever the client picks, the other is shadowed. */
export function detectDuplicateToolNames(toolName: string, ctx: CrossServerContext | undefined, path = 'name'): DetectFinding[] {
  if (!ctx) return [];
  const others = ctx.servers.filter((s) => s.name !== ctx.self && s.tools.includes(toolName)).map((s) => s.name);
  if (others.length === 0) return [];
  return [finding('duplicate-tool-name', 'medium', `Tool \`${toolName}\` is also offered by ${others.map((o) => `\`${o}\``).join(', ')}`, path, 0, toolName.length)];
}
