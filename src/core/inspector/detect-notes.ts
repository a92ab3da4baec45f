// The proxy reports detector findings as notes on its message events (src/core/proxy/detect-policy.ts,
// findingNotes and the per-item header of list results); the audit log keeps them verbatim. This
// turns those notes back into structured findings for Problems, notifications and the Inspector.
// A note that does not parse is left alone: notes are informational text, never trusted input.
// No imports beyond types: the Inspector's page bundles this file.

export type DetectScope = 'definitions' | 'responses' | 'arguments';
export type ItemKind = 'tool' | 'prompt' | 'resource';

export interface NoteFinding {
  scope: DetectScope;
  /** What the proxy did: pass, warn, mark, redact or block. */
  action: string;
  rule: string;
  severity: 'high' | 'medium' | 'low';
  /** Where in the message: `tools[3]`, `result`, `params`. */
  where: string;
  /** JSON path inside that item, as the detectors write it (`inputSchema.properties.note.description`). */
  path: string;
  span: [number, number];
  message: string;
  /** For definitions: which item of the list; for responses and arguments: the tool, prompt or resource. */
  item?: { kind?: ItemKind; name: string };
}

const FINDING = /^detect (definitions|responses|arguments) ([a-z]+): ([a-z0-9-]+) \((high|medium|low)\) at (.+?) \[(\d+),(\d+)\]: ([\s\S]*)$/;
const HEADER = /^detect definitions ([a-z]+): [a-z/]+ (tool|prompt|resource) ("(?:[^"\\]|\\.)*") [a-z]+ \(/;
const WITHHELD_CALL = /^detect definitions block: call of withheld tool ([\s\S]+)$/;
const REQUEST_SUFFIX = / \((tools\/call|prompts\/get|resources\/read) ([\s\S]*)\)$/;
const LIST_WHERE = /^(tools|prompts|resources|resourceTemplates)\[(\d+)\]/;

function splitWhere(location: string): { where: string; path: string } {
  const list = LIST_WHERE.exec(location);
  const head = list ? list[0] : (/^(result|params)/.exec(location)?.[0] ?? '');
  const rest = location.slice(head.length);
  return { where: head, path: rest.startsWith('.') ? rest.slice(1) : rest };
}

function parseName(quoted: string): string | undefined {
  try {
    const value: unknown = JSON.parse(quoted);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The findings a message event's notes describe, each tied to its list item or request subject. */
export function findingsFromNotes(notes: readonly string[] | undefined): NoteFinding[] {
  const out: NoteFinding[] = [];
  let current: NoteFinding['item'];
  for (const note of notes ?? []) {
    if (!note.startsWith('detect ')) continue;
    const header = HEADER.exec(note);
    if (header) {
      const name = parseName(header[3]!);
      current = name === undefined ? undefined : { kind: header[2] as ItemKind, name };
      continue;
    }
    const match = FINDING.exec(note);
    if (!match) continue;
    const scope = match[1] as DetectScope;
    let message = match[8]!;
    let item = scope === 'definitions' ? current : undefined;
    const suffix = scope === 'definitions' ? null : REQUEST_SUFFIX.exec(message);
    if (suffix) {
      message = message.slice(0, suffix.index);
      item = { ...(suffix[1] === 'tools/call' ? { kind: 'tool' as const } : suffix[1] === 'prompts/get' ? { kind: 'prompt' as const } : { kind: 'resource' as const }), name: suffix[2]! };
    }
    const { where, path } = splitWhere(match[5]!);
    out.push({ scope, action: match[2]!, rule: match[3]!, severity: match[4] as NoteFinding['severity'], where, path, span: [Number(match[6]), Number(match[7])], message, ...(item ? { item } : {}) });
  }
  return out;
}

/** A call the proxy refused because the tool's definition was withheld earlier in the session. */
export function withheldCallOf(notes: readonly string[] | undefined): string | undefined {
  for (const note of notes ?? []) {
    const match = WITHHELD_CALL.exec(note);
    if (match) return match[1];
  }
  return undefined;
}
