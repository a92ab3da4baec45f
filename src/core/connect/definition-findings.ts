// The detectors the proxy runs on list results, run on what a server offered to `scan --connect`:
// tools through scanTool, prompts, resources and templates through the proxy's own scanDefinition.
import { scanTool, type CrossServerContext, type DetectFinding, type ToolDefinition } from '../detect/index.js';
import { scanDefinition } from '../proxy/detect-policy.js';

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
