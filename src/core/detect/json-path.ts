// JSON paths as shown in findings: `inputSchema.properties.note.description`, `items[0]`, `a["odd key"]`.

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
  if (parent === '') return segment.startsWith('[') ? `$${segment}` : segment;
  return segment.startsWith('[') ? `${parent}${segment}` : `${parent}.${segment}`;
}
