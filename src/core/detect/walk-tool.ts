// Turns a tool definition into the strings to scan, each with its JSON path and role, plus the
// schema properties (for the parameter rules). Depth and count are capped: a definition is
// attacker-controlled and may be deeply nested.
import type { ScanTarget } from './finding.js';
import { childPath } from './json-path.js';
import type { PropertyInfo } from './rules/harvesting-parameters.js';

export interface ToolDefinition {
  name?: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
  [key: string]: unknown;
}

const MAX_DEPTH = 24;
const MAX_TARGETS = 5000;
// Keys whose string values are prose a model reads; other strings (types, formats, patterns) are values.
const PROSE_KEYS = new Set(['description', 'title', 'markdownDescription', 'summary', 'comment', '$comment', 'errorMessage']);

export interface WalkedTool {
  targets: ScanTarget[];
  properties: PropertyInfo[];
}

export function walkTool(tool: ToolDefinition): WalkedTool {
  const targets: ScanTarget[] = [];
  const properties: PropertyInfo[] = [];
  const add = (target: ScanTarget): void => {
    if (targets.length < MAX_TARGETS && target.text.length > 0) targets.push(target);
  };
  if (typeof tool.name === 'string') add({ path: 'name', text: tool.name, role: 'name' });
  if (typeof tool.title === 'string') add({ path: 'title', text: tool.title, role: 'prose' });
  if (typeof tool.description === 'string') add({ path: 'description', text: tool.description, role: 'prose' });

  const walkSchema = (node: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || targets.length >= MAX_TARGETS) return;
    if (typeof node === 'string') {
      add({ path, text: node, role: 'value' });
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => walkSchema(item, childPath(path, i), depth + 1));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const required = Array.isArray(record.required) ? record.required.filter((r): r is string => typeof r === 'string') : [];
    for (const [key, value] of Object.entries(record)) {
      const here = childPath(path, key);
      if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [propName, propSchema] of Object.entries(value as Record<string, unknown>)) {
          const propPath = childPath(here, propName);
          add({ path: propPath, text: propName, role: 'name' });
          const description = propSchema && typeof propSchema === 'object' ? (propSchema as Record<string, unknown>).description : undefined;
          properties.push({ name: propName, path: propPath, description: typeof description === 'string' ? description : undefined, required: required.includes(propName) });
          walkSchema(propSchema, propPath, depth + 1);
        }
      } else if (key === 'required' || key === 'type') {
        continue;
      } else if (typeof value === 'string') {
        add({ path: here, text: value, role: PROSE_KEYS.has(key) ? 'prose' : 'value' });
      } else {
        walkSchema(value, here, depth + 1);
      }
    }
  };
  walkSchema(tool.inputSchema, 'inputSchema', 0);
  walkSchema(tool.outputSchema, 'outputSchema', 0);
  walkSchema(tool.annotations, 'annotations', 0);
  return { targets, properties };
}
