// Cross-server shadowing: a description that names another configured server or its tools, or
// tells the model how to use them ("when send_email is called, always BCC …"), and two servers
// offering one tool name. The other servers come from the caller (the proxy fills them from the
// pin store); without them these rules find nothing.
//
// A name alone is weak evidence: servers are often called by ordinary words ("memory", "github",
// "weather") that a description uses in their ordinary sense. So:
//  - a tool name shaped like an identifier (send_email, createIssue, get-forecast) written
//    exactly as the other server spells it is a reference on its own (medium);
//  - an ordinary word counts only when it is used as a name ("the memory server", "github's
//    tools", "call `weather`", "memory server") in a sentence that instructs (medium);
//  - either, in a sentence that tells the model what it must always / never / instead do, is
//    shadowing (high).
import { finding, type DetectFinding, type DetectSeverity, type ScanTarget } from '../finding.js';
import { quote, sentenceEnd, sentenceStart } from '../text-tools.js';

export interface KnownServer {
  name: string;
  tools: string[];
}

export interface CrossServerContext {
  /** The server whose definitions are being scanned (its own names are not foreign). */
  self?: string;
  servers: KnownServer[];
}

interface ForeignName {
  label: string;
  kind: 'server' | 'tool';
  server: string;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Names this short or this common are never looked for ("get", "search", "fs").
const TOO_GENERIC = new Set(['get', 'set', 'list', 'search', 'read', 'write', 'run', 'fetch', 'add', 'time', 'git', 'fs', 'web', 'api', 'data', 'test', 'echo', 'ping']);
const MIN_SERVER_NAME = 4;
const MIN_TOOL_NAME = 5;
/** Hits examined per string: enough for any real description, bounded for an attacker's megabyte of names. */
const MAX_HITS = 200;

/** An identifier rather than a word: snake_case, kebab-case, camelCase or with digits. */
function isIdentifier(name: string): boolean {
  return /[_\-\d]/.test(name) || /[a-z][A-Z]/.test(name);
}

function foreignNames(ctx: CrossServerContext): ForeignName[] {
  const own = new Set(ctx.servers.filter((s) => s.name === ctx.self).flatMap((s) => s.tools));
  const out: ForeignName[] = [];
  for (const server of ctx.servers) {
    if (server.name === ctx.self) continue;
    if (server.name.length >= MIN_SERVER_NAME && !TOO_GENERIC.has(server.name.toLowerCase())) out.push({ label: server.name, kind: 'server', server: server.name });
    for (const tool of server.tools) {
      // A tool name this server offers too is the duplicate-tool-name rule's business.
      if (own.has(tool) || tool.length < MIN_TOOL_NAME || TOO_GENERIC.has(tool.toLowerCase())) continue;
      out.push({ label: tool, kind: 'tool', server: server.name });
    }
  }
  return out;
}

interface Matcher {
  re: RegExp;
  byName: Map<string, ForeignName>;
}

// Built once per context: one alternation of every foreign name, matched on word boundaries.
const cache = new WeakMap<CrossServerContext, Matcher | null>();

function matcher(ctx: CrossServerContext): Matcher | null {
  const cached = cache.get(ctx);
  if (cached !== undefined) return cached;
  const list = foreignNames(ctx);
  let built: Matcher | null = null;
  if (list.length > 0) {
    const byName = new Map(list.map((n) => [n.label.toLowerCase(), n]));
    const alternation = [...byName.keys()].sort((a, b) => b.length - a.length).map(escape).join('|');
    built = { re: new RegExp(`(?<![\\w-])(?:${alternation})(?![\\w-])`, 'gi'), byName };
  }
  cache.set(ctx, built);
  return built;
}

// The sentence tells the model what to do.
const INSTRUCTS =
  /\b(?:must|should|always|never|instead|do not|don't|make sure|be sure|remember to|first|before|after|prior to|whenever|when(?:ever)? (?:you )?(?:use|call|invoke|run)|use|call|invoke|run|send|forward|pass|include|add|prefer|replace|redirect)\b/i;
// … and overrides how the other server's tools behave or whether they are used at all.
const OVERRIDES = /\b(?:must|always|never|instead(?: of)?|do not|don't|regardless|every time|whenever|make sure|be sure to|rather than)\b/i;
// An ordinary word used as a name: a server or tool noun after it, a possessive, code quotes, or a verb of use before it.
const NAME_AFTER = /^(?:'s\b|’s\b|\s{1,3}(?:mcp\s{1,3})?(?:server|tools?|integration|plugin|connector)\b)/i;
const NAME_BEFORE = /(?:\b(?:use|using|call|calling|invoke|invoking|via|through|the tool|the server|mcp server|server)\s{1,3}|[`"'‘“])$/i;
const QUOTED_AFTER = /^[`"'’”]/;

export function detectCrossServer(target: ScanTarget, ctx: CrossServerContext | undefined): DetectFinding[] {
  if (!ctx || target.role !== 'prose') return [];
  const m = matcher(ctx);
  if (!m) return [];
  const { text, path } = target;
  const out: DetectFinding[] = [];
  m.re.lastIndex = 0;
  let hit: RegExpExecArray | null;
  for (let examined = 0; examined < MAX_HITS && (hit = m.re.exec(text)) !== null; examined++) {
    const name = m.byName.get(hit[0].toLowerCase());
    if (!name) continue;
    const start = hit.index;
    const end = start + hit[0].length;
    const sentence = text.slice(sentenceStart(text, start), sentenceEnd(text, end));
    const exactIdentifier = name.kind === 'tool' && hit[0] === name.label && isIdentifier(name.label);
    const usedAsName = NAME_AFTER.test(text.slice(end, end + 24)) || NAME_BEFORE.test(text.slice(Math.max(0, start - 24), start)) || QUOTED_AFTER.test(text.slice(end, end + 1));
    const instructs = INSTRUCTS.test(sentence);
    if (!exactIdentifier && !(usedAsName && instructs)) continue;
    const severity: DetectSeverity = instructs && OVERRIDES.test(sentence) ? 'high' : 'medium';
    const what = name.kind === 'server' ? `the server \`${name.server}\`` : `the tool \`${name.label}\` of server \`${name.server}\``;
    const how = severity === 'high' ? 'and tells the model how it must use it' : 'which belongs to another server';
    out.push(finding('cross-server-reference', severity, `Description refers to ${what}, ${how}: ${quote(text, sentenceStart(text, start), sentenceEnd(text, end))}`, path, start, end));
  }
  m.re.lastIndex = 0;
  return out;
}

/** Tool names offered by more than one server: whichever the client picks, the other is shadowed. */
export function detectDuplicateToolNames(toolName: string, ctx: CrossServerContext | undefined, path = 'name'): DetectFinding[] {
  if (!ctx) return [];
  const others = ctx.servers.filter((s) => s.name !== ctx.self && s.tools.includes(toolName)).map((s) => s.name);
  if (others.length === 0) return [];
  return [finding('duplicate-tool-name', 'medium', `Tool \`${toolName}\` is also offered by ${others.map((o) => `\`${o}\``).join(', ')}`, path, 0, toolName.length)];
}
