// Pinning cost: hashing and comparing a 1,000-tool list (what the proxy does per tools/list),
// beside the baseline of parsing the same list with JSON.parse, which every relay already pays.
import { comparePins } from '../src/core/pins/compare.js';
import { pinItems } from '../src/core/pins/pinned-items.js';
import { median, printTable } from './stats.js';

function toolList(count: number): unknown[] {
  return Array.from({ length: count }, (_, index) => ({
    name: `tool_${index}`,
    title: `Tool ${index}`,
    description: `Performs operation ${index} on the workspace. Returns a summary of what changed and the affected files.`,
    inputSchema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'File or folder to operate on, relative to the workspace root.' },
        recursive: { type: 'boolean', default: false, description: 'Whether to descend into folders.' },
        mode: { type: 'string', enum: ['fast', 'thorough'], description: 'Trade speed for completeness.' },
      },
      required: ['path'],
    },
    annotations: { readOnlyHint: index % 2 === 0 },
  }));
}

export async function benchPins(): Promise<void> {
  const text = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: toolList(1_000) } });
  const pinned = pinItems('tool', (JSON.parse(text) as { result: { tools: unknown[] } }).result.tools);
  const parse: number[] = [];
  const pinAndCompare: number[] = [];
  for (let run = 0; run < 30; run++) {
    let started = performance.now();
    const message = JSON.parse(text) as { result: { tools: unknown[] } };
    parse.push(performance.now() - started);
    started = performance.now();
    const current = pinItems('tool', message.result.tools);
    const comparison = comparePins('tool', pinned, current);
    pinAndCompare.push(performance.now() - started);
    if (comparison.unchanged.length !== 1_000) throw new Error('pins of an unchanged list must all match');
  }
  const hashMs = median(pinAndCompare);
  printTable('Pinning a 1,000-tool tools/list', [
    ['message size', `${(text.length / 1024).toFixed(0)} KiB`],
    ['baseline: JSON.parse of the message, ms (median)', median(parse).toFixed(2)],
    ['hash + compare every tool, ms (median)', hashMs.toFixed(2)],
    ['ratio hash+compare / parse', `${(hashMs / median(parse)).toFixed(1)}x`],
    ['target: < 50 ms', hashMs < 50 ? 'met' : 'NOT MET'],
  ]);
}
