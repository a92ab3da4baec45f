// The detectors the proxy runs on list results (src/core/proxy/detect-policy.ts), run on what a
// server offered to `scan --connect`: tools through scanTool, prompts, resources and templates
// string by string with the same roles the proxy gives them.
import { childPath } from '../detect/json-path.js';
import { combine, scanTarget, scanTool, type CrossServerContext, type DetectFinding, type DetectResult, type ScanTarget, type ToolDefinition } from '../detect/index.js';

export type DefinitionKind = 'tool' | 'prompt' | 'resource' | 'resource template';

/** Everything a server listed, each list followed through every page. */
export interface ListedDefinitions {
  tools: Record<string, unknown>[];
  prompts: Record<string, unknown>[];
  resources: Record<string, unknown>[];
  resourceTemplates: Record<string, unknown>[];
}

export interface DefinitionFinding extends DetectFinding {
  kind: DefinitionKind;
  /** The tool or prompt name, or the resource URI (template). */
  item: string;
}

const MAX_DEPTH = 32;

function eachString(value: unknown, path: string, visit: (text: string, path: string) => void, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, i) => eachString(item, childPath(path, i), visit, depth + 1));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) eachString(item, childPath(path, key), visit, depth + 1);
}

/** A prompt or resource definition: names are identifiers, descriptions and titles prose, the rest values; MIME types skipped. */
function scanDefinition(item: Record<string, unknown>, crossServer: CrossServerContext | undefined): DetectResult {
  const targets: ScanTarget[] = [];
  eachString(item, '', (text, path) => {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (text.length === 0 || key === 'mimeType') return;
    targets.push({ path, text, role: key === 'name' ? 'name' : key === 'description' || key === 'title' ? 'prose' : 'value' });
  });
  return combine(targets.flatMap((target) => scanTarget(target, { kind: 'description', ...(crossServer ? { crossServer } : {}) })));
}

function itemName(item: Record<string, unknown>, index: number): string {
  for (const key of ['name', 'uri', 'uriTemplate']) if (typeof item[key] === 'string') return item[key];
  return `#${index}`;
}

/** Findings in everything one server listed; `crossServer` names the other configured servers and their tools. */
export function definitionFindings(listed: ListedDefinitions, crossServer?: CrossServerContext): DefinitionFinding[] {
  const out: DefinitionFinding[] = [];
  const lists: Array<[DefinitionKind, Record<string, unknown>[]]> = [
    ['tool', listed.tools],
    ['prompt', listed.prompts],
    ['resource', listed.resources],
    ['resource template', listed.resourceTemplates],
  ];
  for (const [kind, items] of lists) {
    items.forEach((item, index) => {
      const result = kind === 'tool' ? scanTool(item as ToolDefinition, crossServer ? { crossServer } : {}) : scanDefinition(item, crossServer);
      for (const f of result.findings) out.push({ ...f, kind, item: itemName(item, index) });
    });
  }
  return out;
}
