// Detection inside the proxy: the added latency of a 100 kB tools/call result (ordinary prose)
// with scanning on vs off (--detect off), the same proxy build and pinning on both paths, rounds
// interleaved so machine noise hits all paths alike. A third path turns provenance on for every
// result (detection.json {"provenance": true}) to show what adding _meta to untouched results costs.
//
//   node --import tsx -e "import('./bench/detect-proxy.bench.ts').then((m) => m.benchDetectProxy())"
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { proxied, tempDir, type Launch } from '../test/integration/proxy/helpers.js';
import { median, printTable } from './stats.js';

// A minimal responder answering every request with a tools/call result of `bytes` characters of prose.
const RESPONDER = `
const words = 'The quarterly report lists revenue by region, the open support tickets, and the deployment schedule for the next release. Each team reviews its numbers before the meeting on Thursday.'.split(' ');
let prose = '';
for (let i = 0; prose.length < 1e6; i++) prose += words[i % words.length] + (i % 23 === 22 ? '.\\n' : ' ');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined) return;
  const bytes = m.params?.arguments?.bytes ?? 2;
  const result = m.method === 'initialize'
    ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'prose', version: '1' } }
    : { content: [{ type: 'text', text: prose.slice(0, bytes) }] };
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: m.id, result }) + '\\n');
});`;
const PROSE: Launch = { command: process.execPath, args: ['-e', RESPONDER] };

class Driver {
  readonly child: ChildProcess;
  private head = '';
  private readonly waiting = new Map<number, () => void>();
  private nextId = 1;

  constructor(launch: Launch) {
    this.child = spawn(launch.command, [...launch.args], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      let start = 0;
      let newline: number;
      while ((newline = chunk.indexOf('\n', start)) !== -1) {
        const head = (this.head + chunk.slice(start, Math.min(newline, start + 64))).slice(0, 64);
        this.head = '';
        start = newline + 1;
        const match = /"id":(\d+)/.exec(head);
        if (match) {
          this.waiting.get(Number(match[1]))?.();
          this.waiting.delete(Number(match[1]));
        }
      }
      if (start < chunk.length && this.head.length < 64) this.head += chunk.slice(start, start + 64 - this.head.length);
    });
  }

  request(method: string, params: string): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`{"jsonrpc":"2.0","id":${id},"method":"${method}","params":${params}}\n`);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}

async function compare(paths: Record<string, () => Promise<unknown>>, calls: number, rounds = 10, warmup = 100): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
  for (const call of Object.values(paths)) for (let i = 0; i < warmup; i++) await call();
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of Object.entries(paths)) {
      for (let i = 0; i < calls / rounds; i++) {
        const started = performance.now();
        await call();
        times[name]!.push(performance.now() - started);
      }
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

export async function benchDetectProxy(calls = 1_000, bytes = 100_000): Promise<{ addedMs: number; ratio: number }> {
  const stateDir = tempDir('warden-detect-bench-');
  const provenanceDir = path.join(stateDir, 'provenance');
  mkdirSync(provenanceDir);
  writeFileSync(path.join(provenanceDir, 'detection.json'), JSON.stringify({ provenance: true }));
  try {
    const off = new Driver(await proxied(PROSE, stateDir, ['--no-audit', '--no-hub', '--detect', 'off'], 'bench:detect-off'));
    const on = new Driver(await proxied(PROSE, stateDir, ['--no-audit', '--no-hub'], 'bench:detect-on'));
    const onMeta = new Driver(await proxied(PROSE, provenanceDir, ['--no-audit', '--no-hub'], 'bench:detect-on-provenance'));
    const drivers = [off, on, onMeta];
    for (const driver of drivers) await driver.request('initialize', '{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}');
    const call = (driver: Driver) => () => driver.request('tools/call', `{"name":"report","arguments":{"bytes":${bytes}}}`);
    const result = await compare({ off: call(off), on: call(on), onMeta: call(onMeta) }, calls);
    await Promise.all(drivers.map((driver) => driver.close()));
    const addedMs = result.on! - result.off!;
    const ratio = result.on! / result.off!;
    printTable(`detect: ${bytes / 1000} kB tools/call result through the proxy, scanning on vs --detect off (${calls} calls each, interleaved; pins on in both)`, [
      ['median round trip, --detect off', ms(result.off!)],
      ['median round trip, scanning on (default settings)', ms(result.on!)],
      ['median round trip, scanning on + provenance: true', ms(result.onMeta!)],
      ['added by scanning (target < 2 ms)', ms(addedMs)],
      ['added by provenance: true on top', ms(result.onMeta! - result.on!)],
      ['ratio on / off', `${ratio.toFixed(2)}×`],
    ]);
    return { addedMs, ratio };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
