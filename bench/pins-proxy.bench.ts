// Pin checks on tools/call: the same proxy with pinning on and off (--no-pins), measured in the
// same run with the rounds interleaved so machine noise hits both alike. With pinning on, a call
// costs a map lookup (is this tool withheld?); only list results are hashed (see pins.bench.ts).
//
//   node --import tsx -e "import('./bench/pins-proxy.bench.ts').then((m) => m.benchPinsProxy())"
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { connect, proxied, ROOT, tempDir, type Launch } from '../test/integration/proxy/helpers.js';
import { RUG_PULL } from '../test/integration/pins/helpers.js';
import { median, printTable } from './stats.js';

const RAW: Launch = { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/raw-echo.mjs')] };

/** Writes request lines and resolves each answer by id, without parsing (the proxy's cost, not the driver's). */
class RawDriver {
  readonly child: ChildProcess;
  /** The first characters of the unterminated line (a 10 MB line must not be kept or rescanned). */
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
        // The id is near the start of the line: only its head is searched.
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

  call(): Promise<void> {
    return this.request('tools/call', '{"name":"echo","arguments":{"text":"hi"}}');
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}

async function latencies(call: () => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}

/** Interleaved rounds of sequential calls on each path; returns the median per path. */
async function compare(paths: Record<string, () => Promise<unknown>>, calls: number, rounds = 10, warmup = 500): Promise<Record<string, number>> {
  for (const call of Object.values(paths)) await latencies(call, warmup);
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) for (const [name, call] of Object.entries(paths)) times[name]!.push(...(await latencies(call, calls / rounds)));
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

export async function benchPinsProxy(calls = 10_000): Promise<{ rawAddedMs: number; sdkAddedMs: number }> {
  const stateDir = tempDir('warden-pins-bench-');
  try {
    // Raw lines against a minimal responder: the proxy's own cost.
    const direct = new RawDriver(RAW);
    const off = new RawDriver(await proxied(RAW, stateDir, ['--no-pins', '--no-audit', '--no-hub'], 'bench:raw-off'));
    const on = new RawDriver(await proxied(RAW, stateDir, ['--no-audit', '--no-hub'], 'bench:raw-on'));
    for (const driver of [direct, off, on]) await driver.request('initialize', '{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}');
    await on.request('tools/list', '{}');
    const raw = await compare({ direct: () => direct.call(), off: () => off.call(), on: () => on.call() }, calls);
    // 10 MB responses: with a policy the relay forwards whole lines instead of chunks as they arrive.
    const big = (driver: RawDriver) => () => driver.request('tools/call', '{"name":"echo","arguments":{"bytes":10000000}}');
    const large = await compare({ off: big(off), on: big(on) }, 10, 5, 2);
    await Promise.all([direct.close(), off.close(), on.close()]);

    // SDK Client ↔ SDK server with a real tool list pinned first.
    const sdkOff = await connect(await proxied(RUG_PULL, stateDir, ['--no-pins', '--no-audit', '--no-hub'], 'bench:sdk-off'));
    const sdkOn = await connect(await proxied(RUG_PULL, stateDir, ['--no-audit', '--no-hub'], 'bench:sdk-on'));
    await sdkOn.client.listTools();
    const echo = (client: typeof sdkOn.client) => () => client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    const sdk = await compare({ off: echo(sdkOff.client), on: echo(sdkOn.client) }, calls / 2);
    await Promise.all([sdkOff.client.close(), sdkOn.client.close()]);

    const rawAddedMs = raw.on! - raw.off!;
    const sdkAddedMs = sdk.on! - sdk.off!;
    printTable(`pins: tools/call through the proxy with pinning on vs off (${calls} raw, ${calls / 2} SDK calls, interleaved)`, [
      ['raw: median round trip, direct', ms(raw.direct!)],
      ['raw: median round trip, proxy --no-pins', ms(raw.off!)],
      ['raw: median round trip, proxy with pins', ms(raw.on!)],
      ['raw: added by pin checks', ms(rawAddedMs)],
      ['raw: 10 MB response, proxy --no-pins', ms(large.off!)],
      ['raw: 10 MB response, proxy with pins', ms(large.on!)],
      ['SDK: median round trip, proxy --no-pins', ms(sdk.off!)],
      ['SDK: median round trip, proxy with pins', ms(sdk.on!)],
      ['SDK: added by pin checks', ms(sdkAddedMs)],
    ]);
    return { rawAddedMs, sdkAddedMs };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
