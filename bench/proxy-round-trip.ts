// The "same calls, direct and through a proxy" loop the proxy benchmarks share. The machines are
// shared and noisy (two cores, other jobs), so paths are never measured one after the other:
// every comparison runs rounds in which each path takes its turn, and reports medians (of the
// round trips, or of the per-round ratios to a baseline path).
//
//   const direct = new RawDriver(launch);                 // raw JSON-RPC lines, answers matched by id
//   const through = new RawDriver(await proxied(launch, stateDir));
//   await compareLatency({ direct: () => direct.call(), proxy: () => through.call() }, { calls: 10_000 });
//   await compareThroughput({ direct: …, proxy: … }, { calls: 10_000, concurrency: 32, baseline: 'direct' });
import { spawn, type ChildProcess } from 'node:child_process';
import type { Launch } from '../test/integration/proxy/helpers.js';
import { median } from './stats.js';

/** One request and its answer; any path (raw lines, the SDK's Client) fits. */
export type Call = () => Promise<unknown>;

const INITIALIZE_PARAMS = '{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}';

/**
 * Writes request lines to a process and resolves each by the id of its answer, without parsing
 * the answer (the cost measured is the proxy's and the server's, not the driver's). Only the first
 * 64 characters of a line are searched for the id, so a 10 MB answer is never kept or rescanned.
 */
export class RawDriver {
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
          const id = Number(match[1]);
          this.waiting.get(id)?.();
          this.waiting.delete(id);
        }
      }
      if (start < chunk.length && this.head.length < 64) this.head += chunk.slice(start, start + 64 - this.head.length);
    });
  }

  /** Sends one request (`params` is JSON text) and resolves when its answer arrives. */
  request(method: string, params: string): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`{"jsonrpc":"2.0","id":${id},"method":"${method}","params":${params}}\n`);
    });
  }

  initialize(): Promise<void> {
    return this.request('initialize', INITIALIZE_PARAMS);
  }

  /** A small tools/call of the `echo` tool. */
  call(): Promise<void> {
    return this.request('tools/call', '{"name":"echo","arguments":{"text":"hi"}}');
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}

/** Round-trip times in milliseconds of `count` calls made one after another. */
export async function latencies(call: Call, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}

/** Calls per second for `count` calls with `concurrency` of them in flight at any time. */
export async function throughput(call: Call, count: number, concurrency: number): Promise<number> {
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (issued < count) {
        issued++;
        await call();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

export interface LatencyOptions {
  /** Calls per path in all, spread over the rounds. */
  calls: number;
  rounds?: number;
  /** Calls per path before measuring (JIT, caches). */
  warmup?: number;
}

/** Median round trip per path (ms), the paths taking turns round by round. */
export async function compareLatency<P extends string>(paths: Record<P, Call>, options: LatencyOptions): Promise<Record<P, number>> {
  const rounds = options.rounds ?? 10;
  const entries = Object.entries(paths) as [P, Call][];
  for (const [, call] of entries) await latencies(call, options.warmup ?? 500);
  const times = new Map<P, number[]>(entries.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of entries) times.get(name)!.push(...(await latencies(call, Math.ceil(options.calls / rounds))));
  }
  return Object.fromEntries(entries.map(([name]) => [name, median(times.get(name)!)])) as Record<P, number>;
}

export interface ThroughputOptions<P extends string> {
  /** Calls per path in all, spread over the rounds. */
  calls: number;
  concurrency: number;
  /** The path the others are divided by. */
  baseline: NoInfer<P>;
  rounds?: number;
  warmup?: number;
}

export interface ThroughputComparison<P extends string> {
  /** Median calls per second per path. */
  rates: Record<P, number>;
  /** Per path: the median over rounds of (its rate / the baseline's rate in the same round). */
  ratios: Record<P, number>;
  /** Per path: the lowest and highest of those per-round ratios, to show how noisy the run was. */
  ratioRanges: Record<P, [number, number]>;
}

/**
 * Throughput per path in alternating rounds. The ratio is taken within each round (where both
 * paths met the same machine load) and its median reported, which a burst of load elsewhere
 * cannot swing the way it swings one long run.
 */
export async function compareThroughput<P extends string>(paths: Record<P, Call>, options: ThroughputOptions<P>): Promise<ThroughputComparison<P>> {
  const rounds = options.rounds ?? 10;
  const perRound = Math.ceil(options.calls / rounds);
  const entries = Object.entries(paths) as [P, Call][];
  for (const [, call] of entries) await throughput(call, options.warmup ?? 500, options.concurrency);
  const rates = new Map<P, number[]>(entries.map(([name]) => [name, []]));
  const ratios = new Map<P, number[]>(entries.map(([name]) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Alternate the order too, so neither path always runs right after the other.
    const order = round % 2 === 0 ? entries : [...entries].reverse();
    const rate = new Map<P, number>();
    for (const [name, call] of order) rate.set(name, await throughput(call, perRound, options.concurrency));
    for (const [name] of entries) {
      rates.get(name)!.push(rate.get(name)!);
      ratios.get(name)!.push(rate.get(name)! / rate.get(options.baseline)!);
    }
  }
  const medians = (values: Map<P, number[]>): Record<P, number> => Object.fromEntries(entries.map(([name]) => [name, median(values.get(name)!)])) as Record<P, number>;
  const ranges = Object.fromEntries(entries.map(([name]) => [name, [Math.min(...ratios.get(name)!), Math.max(...ratios.get(name)!)]])) as Record<P, [number, number]>;
  return { rates: medians(rates), ratios: medians(ratios), ratioRanges: ranges };
}
