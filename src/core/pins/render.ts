import { canonicalJson } from './canonical.js';
import type { PinnedItem } from './pinned-items.js';
import { showInvisible } from './visible-text.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function block(label: string, text: string): string[] {
  return [`${label}:`, ...showInvisible(text).split(/\r\n|\r|\n/).map((line) => `  ${line}`)];
}

function schemaLines(schema: unknown, indent: string, lines: string[]): void {
  if (!isObject(schema)) return;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : []);
  for (const name of Object.keys(properties).sort()) {
    const property = properties[name];
    const facts: string[] = [];
    if (isObject(property)) {
      if (property.type !== undefined) facts.push(Array.isArray(property.type) ? property.type.join('|') : String(property.type));
      if (required.has(name)) facts.push('required');
      if (Array.isArray(property.enum)) facts.push(`one of ${property.enum.map((value) => JSON.stringify(value)).join(', ')}`);
      if (property.default !== undefined) facts.push(`default ${JSON.stringify(property.default)}`);
    }
    lines.push(`${indent}- ${showInvisible(name)}${facts.length ? ` (${showInvisible(facts.join(', '))})` : ''}`);
    if (isObject(property) && typeof property.description === 'string') {
      for (const line of showInvisible(property.description).split(/\r\n|\r|\n/)) lines.push(`${indent}    ${line}`);
    }
    if (isObject(property)) {
      schemaLines(property, `${indent}    `, lines);
      if (isObject(property.items)) schemaLines(property.items, `${indent}    `, lines);
    }
  }
}

/**
 * A stable, readable text of one pinned definition for the review diff: prose first, then every
 * parameter with its description, then the complete definition as canonical JSON so that no
 * change, however small, can be hashed but not shown. Invisible characters are made visible.
 */
export function renderForReview(item: PinnedItem): string {
  const lines: string[] = [`${item.kind} ${showInvisible(item.key)}`, ''];
  const definition = item.definition;
  if (typeof definition === 'string') {
    lines.push(...block('text', definition));
  } else if (isObject(definition)) {
    if (typeof definition.title === 'string') lines.push(`title: ${showInvisible(definition.title)}`);
    if (typeof definition.description === 'string') lines.push(...block('description', definition.description));
    for (const field of ['inputSchema', 'outputSchema'] as const) {
      if (isObject(definition[field])) {
        lines.push('', `${field === 'inputSchema' ? 'parameters' : 'output'}:`);
        schemaLines(definition[field], '  ', lines);
      }
    }
    if (Array.isArray(definition.arguments)) {
      lines.push('', 'arguments:');
      for (const argument of definition.arguments) {
        if (!isObject(argument)) continue;
        lines.push(`  - ${showInvisible(String(argument.name))}${argument.required ? ' (required)' : ''}`);
        if (typeof argument.description === 'string') lines.push(`      ${showInvisible(argument.description)}`);
      }
    }
  }
  lines.push('', 'complete definition:', ...showInvisible(JSON.stringify(JSON.parse(canonicalJson(definition)), null, 2)).split('\n').map((line) => `  ${line}`));
  return `${lines.join('\n')}\n`;
}
