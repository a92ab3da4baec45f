// Proxy overhead, side by side with the direct path measured in the same run: round-trip latency
// and throughput of small tools/call requests (with the SDK's real client and server, and with
// raw lines against a minimal responder, which isolates the proxy), 10 MB response throughput,
// proxy memory over 100,000 messages, and start-up time.
//
//   node --import tsx -e "import('./bench/proxy.bench.ts').then((m) => m.benchProxy())"
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { auditRecord } from '../src/core/audit/summary.js';
import { Relay } from '../src/core/proxy/relay.js';
import { ProxySession } from '../src/core/proxy/session.js';
import { connect, proxied, ROOT, SERVERS, tempDir, type Launch } from '../test/integration/proxy/helpers.js';
import { median, printTable } from './stats.js';

const RAW: Launch = { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/raw-echo.mjs')] };
const INITIALIZE = '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}\n';

/** A raw line driver: writes request lines and resolves each response by id. */
class RawDriver {
  readonly child: ChildProcess;
  private buffer = '';
  private readonly waiting = new Map<number, () => void>();
  private nextId = 1;

  constructor(launch: Launch) {
    this.child = spawn(launch.command, [...launch.args], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) !== -1) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        // The id sits at a fixed place in the responder's answers: no JSON.parse on the driver side.
        const match = /"id":(\d+)/.exec(line);
        if (match) {
          const id = Number(match[1]);
          this.waiting.get(id)?.();
          this.waiting.delete(id);
        }
      }
    });
  }

  call(args: Record<string, unknown> = { text: 'hi' }): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"echo","arguments":${JSON.stringify(args)}}}\n`);
    });
  }

  async initialize(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.waiting.set(0, resolve);
      this.child.stdin!.write(INITIALIZE);
    });
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end();
    await exited;
  }
}

async function sequentialLatencies(call: () => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times;
}

/** Calls per second with `concurrency` requests in flight. */
async function throughput(call: () => Promise<unknown>, count: number, concurrency: number): Promise<number> {
  let issued = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < count) {
        issued++;
        await call();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

/** CPU seconds (user + system) a process has used, from /proc (Linux only; 0 elsewhere). */
function cpuSeconds(pid: number): number {
  if (process.platform !== 'linux') return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after "pid (comm) ".
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function rssKiB(pid: number): number {
  if (process.platform === 'linux') {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0);
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;
const ratio = (value: number): string => `${(value * 100).toFixed(1)} %`;

export async function benchProxy(): Promise<void> {
  const stateDir = tempDir('warden-proxy-bench-');
  try {
    const CALLS = 10_000;

    // 1. SDK client ↔ SDK server (the fault fixture's echo tool), direct and through the proxy.
    const sdk: (readonly [string, string])[] = [];
    {
      const direct = await connect(SERVERS.fault);
      const through = await connect(await proxied(SERVERS.fault, stateDir));
      const echo = (client: typeof direct.client) => () => client.callTool({ name: 'echo', arguments: { text: 'hi' } });
      // Warm both paths up, then interleave the measurements so noise hits both alike.
      await sequentialLatencies(echo(direct.client), 500);
      await sequentialLatencies(echo(through.client), 500);
      const directTimes: number[] = [];
      const proxyTimes: number[] = [];
      for (let round = 0; round < 10; round++) {
        directTimes.push(...(await sequentialLatencies(echo(direct.client), CALLS / 10)));
        proxyTimes.push(...(await sequentialLatencies(echo(through.client), CALLS / 10)));
      }
      const directRate = await throughput(echo(direct.client), CALLS, 32);
      const proxyRate = await throughput(echo(through.client), CALLS, 32);
      sdk.push(
        ['median round trip, direct', ms(median(directTimes))],
        ['median round trip, proxy', ms(median(proxyTimes))],
        ['added median latency', ms(median(proxyTimes) - median(directTimes))],
        ['throughput direct (32 in flight)', `${directRate.toFixed(0)} calls/s`],
        ['throughput proxy (32 in flight)', `${proxyRate.toFixed(0)} calls/s`],
        ['throughput proxy / direct', ratio(proxyRate / directRate)],
      );

      // 10 MB responses (10,000,000 characters: under the SDK client's 10 MiB line cap).
      const big = (client: typeof direct.client) => () => client.callTool({ name: 'big', arguments: { bytes: 10_000_000 } }, undefined, { timeout: 60_000 });
      await big(direct.client)();
      await big(through.client)();
      const directBig: number[] = [];
      const proxyBig: number[] = [];
      for (let i = 0; i < 8; i++) {
        directBig.push(...(await sequentialLatencies(big(direct.client), 1)));
        proxyBig.push(...(await sequentialLatencies(big(through.client), 1)));
      }
      sdk.push(
        ['10 MB response, direct', `${ms(median(directBig))} (${(10_000 / median(directBig)).toFixed(0)} MB/s)`],
        ['10 MB response, proxy', `${ms(median(proxyBig))} (${(10_000 / median(proxyBig)).toFixed(0)} MB/s)`],
        ['10 MB throughput proxy / direct', ratio(median(directBig) / median(proxyBig))],
      );
      await Promise.all([direct.client.close(), through.client.close()]);
    }
    printTable(`proxy: SDK Client ↔ SDK server, ${CALLS} small tools/call`, sdk);

    // 2. Raw lines against a minimal responder: the proxy's own cost, without SDK overhead.
    const raw: (readonly [string, string])[] = [];
    {
      const direct = new RawDriver(RAW);
      const through = new RawDriver(await proxied(RAW, stateDir));
      await Promise.all([direct.initialize(), through.initialize()]);
      await sequentialLatencies(() => direct.call(), 1000);
      await sequentialLatencies(() => through.call(), 1000);
      const directTimes: number[] = [];
      const proxyTimes: number[] = [];
      for (let round = 0; round < 10; round++) {
        directTimes.push(...(await sequentialLatencies(() => direct.call(), CALLS / 10)));
        proxyTimes.push(...(await sequentialLatencies(() => through.call(), CALLS / 10)));
      }
      const directRate = await throughput(() => direct.call(), CALLS, 32);
      const proxyRate = await throughput(() => through.call(), CALLS, 32);
      raw.push(
        ['median round trip, direct', ms(median(directTimes))],
        ['median round trip, proxy', ms(median(proxyTimes))],
        ['added median latency', ms(median(proxyTimes) - median(directTimes))],
        ['throughput proxy / direct (32 in flight)', `${ratio(proxyRate / directRate)} (${proxyRate.toFixed(0)} vs ${directRate.toFixed(0)} calls/s)`],
      );

      // Memory: 100,000 messages (50,000 request/response pairs) through one proxy.
      const pid = through.child.pid!;
      const samples: number[] = [rssKiB(pid)];
      const cpuBefore = cpuSeconds(pid);
      for (let block = 0; block < 5; block++) {
        await throughput(() => through.call(), 10_000, 64);
        samples.push(rssKiB(pid));
      }
      const cpuPerMessage = ((cpuSeconds(pid) - cpuBefore) / 100_000) * 1e6;
      raw.push(
        ['proxy CPU per message (user + system)', process.platform === 'linux' ? `${cpuPerMessage.toFixed(1)} µs` : 'n/a'],
        ['proxy RSS at 0 / 20k / … / 100k messages', samples.map((kib) => `${(kib / 1024).toFixed(1)}`).join(' / ') + ' MiB'],
        ['RSS growth over the last 80k messages', `${((samples[5]! - samples[1]!) / 1024).toFixed(1)} MiB`],
      );
      await Promise.all([direct.close(), through.close()]);
    }

    // Heap after a full GC, in-process: RSS includes V8 sizing its heap to the load; this does not.
    {
      v8.setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      let bytes = 0;
      const session = new ProxySession({ sessionId: 's', serverId: 'x', emit: (event) => (bytes += JSON.stringify(auditRecord(event)).length) });
      const relay = new Relay({ session, send: () => undefined });
      const heap: string[] = [];
      const started = performance.now();
      for (let i = 1; i <= 500_000; i++) {
        relay.push('client-to-server', Buffer.from(`{"jsonrpc":"2.0","id":${i},"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}\n`));
        relay.push('server-to-client', Buffer.from(`{"jsonrpc":"2.0","id":${i},"result":{"content":[{"type":"text","text":"ok"}]}}\n`));
        if (i % 100_000 === 0) {
          gc();
          heap.push((process.memoryUsage().heapUsed / 1048576).toFixed(1));
        }
      }
      const perMessage = ((performance.now() - started) * 1000) / 1_000_000;
      raw.push(
        ['relay+session+audit summary, in-process', `${perMessage.toFixed(1)} µs per message (GC included)`],
        ['heap after GC at 200k / 400k / … / 1M messages', `${heap.join(' / ')} MiB`],
      );
    }
    printTable('proxy: raw lines ↔ minimal responder (proxy cost alone)', raw);

    // 3. Start-up: spawn to the first answer to initialize, direct and through the proxy.
    const startup: (readonly [string, string])[] = [];
    {
      const firstAnswer = async (launch: Launch): Promise<number> => {
        const started = performance.now();
        const driver = new RawDriver(launch);
        await driver.initialize();
        const elapsed = performance.now() - started;
        await driver.close();
        return elapsed;
      };
      const direct: number[] = [];
      const through: number[] = [];
      const launch = await proxied(RAW, stateDir);
      for (let i = 0; i < 15; i++) {
        direct.push(await firstAnswer(RAW));
        through.push(await firstAnswer(launch));
      }
      const bare: number[] = [];
      for (let i = 0; i < 15; i++) {
        const started = performance.now();
        execFileSync(process.execPath, ['-e', '0']);
        bare.push(performance.now() - started);
      }
      startup.push(
        ['bare `node -e 0`', ms(median(bare))],
        ['first initialize answer, direct', ms(median(direct))],
        ['first initialize answer, proxy', ms(median(through))],
        ['added start-up time', ms(median(through) - median(direct))],
        ['proxy bundle size', `${(readFileSync((await proxied(RAW, stateDir)).args[0]!).length / 1024).toFixed(0)} KiB`],
      );
    }
    printTable('proxy: start-up (median of 15)', startup);
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
