// The proxy is transparent: real servers from npm give the SDK's real Client the same results
// through it as directly, and the bytes on the wire are identical.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { connect, proxied, run, SERVERS, tempDir, type Launch } from './helpers.js';

const dirs: string[] = [];
const clients: Client[] = [];

function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

after(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Dynamic resources of server-everything say when they were made ("created at 4:27:39 PM"), in text and in base64 blobs. */
function withoutClockTimes(value: unknown): unknown {
  const clock = /\d{1,2}:\d{2}:\d{2}(?: ?[AP]M)?/g;
  return JSON.parse(JSON.stringify(value), (key, inner: unknown) => {
    if (typeof inner !== 'string') return inner;
    if (key === 'blob') return Buffer.from(inner, 'base64').toString('latin1').replace(clock, '<time>');
    return inner.replace(clock, '<time>');
  });
}

async function everythingScript(client: Client): Promise<unknown[]> {
  const results: unknown[] = [];
  results.push(client.getServerVersion(), client.getServerCapabilities(), client.getInstructions());
  const tools = await client.listTools();
  results.push(tools);
  const prompts = await client.listPrompts();
  results.push(prompts);
  const resources = await client.listResources();
  results.push(resources, await client.listResourceTemplates());
  for (const resource of resources.resources) results.push(await client.readResource({ uri: resource.uri }));
  results.push(await client.readResource({ uri: 'demo://resource/dynamic/text/3' }));
  results.push(await client.readResource({ uri: 'demo://resource/dynamic/blob/2' }));
  const calls: [string, Record<string, unknown>][] = [
    ['echo', { message: 'héllo 𝄞 "quoted" \\ back' }],
    ['get-sum', { a: 2, b: 40 }],
    ['get-annotated-message', { messageType: 'error', includeImage: true }],
    ['get-structured-content', { location: 'Chicago' }],
    ['get-resource-links', { count: 4 }],
    ['get-resource-reference', { resourceType: 'Blob', resourceId: 2 }],
    ['get-tiny-image', {}],
    ['get-env', {}],
  ];
  for (const [name, args] of calls) results.push(await client.callTool({ name, arguments: args }));
  results.push(await client.callTool({ name: 'no-such-tool', arguments: {} }).catch((error: Error) => ({ rejected: error.message })));
  results.push(await client.getPrompt({ name: 'simple-prompt' }));
  results.push(await client.getPrompt({ name: 'args-prompt', arguments: { city: 'Lyon', state: 'Rhône' } }));
  results.push(await client.getPrompt({ name: 'resource-prompt', arguments: { resourceType: 'Text', resourceId: '1' } }));
  results.push(await client.complete({ ref: { type: 'ref/prompt', name: 'completable-prompt' }, argument: { name: 'department', value: 'E' } }));
  results.push(await client.ping());
  return results;
}

async function memoryScript(client: Client): Promise<unknown[]> {
  const results: unknown[] = [await client.listTools()];
  const call = async (name: string, args: Record<string, unknown>): Promise<void> => {
    results.push(await client.callTool({ name, arguments: args }));
  };
  await call('create_entities', { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }, { name: 'Engine', entityType: 'machine', observations: [] }] });
  await call('create_relations', { relations: [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }] });
  await call('add_observations', { observations: [{ entityName: 'Engine', contents: ['analytical', 'never finished'] }] });
  await call('search_nodes', { query: 'analytical' });
  await call('open_nodes', { names: ['Ada'] });
  await call('delete_observations', { deletions: [{ entityName: 'Engine', observations: ['never finished'] }] });
  await call('read_graph', {});
  return results;
}

describe('same results through the proxy as directly (SDK Client)', () => {
  it('server-everything: every tool, prompt and resource', { timeout: 60_000 }, async () => {
    const direct = await connect(SERVERS.everything);
    clients.push(direct.client);
    const through = await connect(await proxied(SERVERS.everything, dir()));
    clients.push(through.client);
    const [expected, actual] = await Promise.all([everythingScript(direct.client), everythingScript(through.client)]);
    assert.deepEqual(withoutClockTimes(actual), withoutClockTimes(expected));
    assert.ok(JSON.stringify(expected).includes('héllo 𝄞'));
  });

  it('server-memory: the knowledge-graph tools', { timeout: 60_000 }, async () => {
    const directDir = dir();
    const proxyDir = dir();
    const direct = await connect(SERVERS.memory, { MEMORY_FILE_PATH: path.join(directDir, 'memory.jsonl'), PATH: process.env.PATH ?? '' });
    clients.push(direct.client);
    const through = await connect(await proxied(SERVERS.memory, proxyDir), { MEMORY_FILE_PATH: path.join(proxyDir, 'memory.jsonl'), PATH: process.env.PATH ?? '' });
    clients.push(through.client);
    const expected = await memoryScript(direct.client);
    const actual = await memoryScript(through.client);
    assert.deepEqual(actual, expected);
  });
});

/** Sends requests one at a time as raw lines and returns every byte the process wrote to stdout. */
async function transcript(launch: Launch, requests: object[]): Promise<Buffer> {
  const proc = run(launch);
  try {
    let received = 0;
    for (const [index, request] of requests.entries()) {
      proc.child.stdin!.write(`${JSON.stringify(request)}\n`);
      if (!('id' in request)) continue;
      const wanted = index;
      // Wait until the response to this request has arrived (the line with its id).
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no response to request ${wanted}`)), 15_000);
        const check = (): void => {
          const lines = Buffer.concat(proc.stdout).toString('utf8').split('\n').filter(Boolean);
          if (lines.length > received && lines.some((line) => line.includes(`"id":${(request as { id: number }).id}`))) {
            received = lines.length;
            clearTimeout(timer);
            proc.child.stdout!.off('data', check);
            resolve();
          }
        };
        proc.child.stdout!.on('data', check);
        check();
      });
    }
    return Buffer.concat(proc.stdout);
  } finally {
    proc.child.stdin!.end();
    await proc.exited;
  }
}

describe('byte-for-byte identical wire traffic', () => {
  const init = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
  const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };

  it('server-everything', { timeout: 60_000 }, async () => {
    const requests = [
      init,
      initialized,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'prompts/list' },
      { jsonrpc: '2.0', id: 3, method: 'resources/list' },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'echo', arguments: { message: 'ünïcödé ✓' } } },
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'get-tiny-image', arguments: {} } },
      { jsonrpc: '2.0', id: 6, method: 'resources/read', params: { uri: 'demo://resource/static/document/architecture.md' } },
      { jsonrpc: '2.0', id: 7, method: 'no/such/method' },
    ];
    const direct = await transcript(SERVERS.everything, requests);
    const through = await transcript(await proxied(SERVERS.everything, dir()), requests);
    assert.ok(direct.length > 1000);
    assert.ok(through.equals(direct), 'the proxy changed bytes on the wire');
  });

  it('server-memory', { timeout: 60_000 }, async () => {
    const requests = [init, initialized, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'search_nodes', arguments: { query: 'nothing' } } }];
    const direct = await transcript(SERVERS.memory, requests);
    const through = await transcript(await proxied(SERVERS.memory, dir()), requests);
    assert.ok(through.equals(direct), 'the proxy changed bytes on the wire');
  });
});
