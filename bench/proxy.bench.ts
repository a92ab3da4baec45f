// Proxy overhead, side by side with the direct path measured in the same run: round-trip latency
// and throughput of small tools/call requests (with the SDK's real client and server, and with
// raw lines against a minimal responder, which isolates the proxy), 10 MB response throughput,
// proxy memory over 100,000 messages, and start-up time. The `mcp-proxy` npm package, wired as a
// stdio↔stdio relay (bench/mcp-proxy-stdio.mjs), runs the same SDK calls for comparison. Paths
// take turns round by round and ratios are medians of per-round ratios (bench/proxy-round-trip.ts).
//
//   node --import tsx bench/run.ts proxy
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { auditRecord } from '../src/core/audit/summary.js';
import { Relay } from '../src/core/proxy/relay.js';
import { ProxySession } from '../src/core/proxy/session.js';
import { connect, proxied, ROOT, SERVERS, tempDir, type Launch } from '../test/integration/proxy/helpers.js';
import { compareLatency, compareThroughput, RawDriver, throughput } from './proxy-round-trip.js';
import { median, printTable } from './stats.js';

const RAW: Launch = { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/raw-echo.mjs')] };

/** The same server behind the `mcp-proxy` package's proxy, stdio on both sides. */
function viaMcpProxy(server: Launch): Launch {
  return { command: process.execPath, args: [path.join(ROOT, 'bench/mcp-proxy-stdio.mjs'), server.command, ...server.args] };
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
/** A median ratio with the range of the per-round ratios it came from. */
const ratioOf = (comparison: { ratios: Record<string, number>; ratioRanges: Record<string, [number, number]> }, path: string): string =>
  `${ratio(comparison.ratios[path]!)} (rounds ${(comparison.ratioRanges[path]![0] * 100).toFixed(0)}–${(comparison.ratioRanges[path]![1] * 100).toFixed(0)} %)`;

export async function benchProxy(): Promise<void> {
  const stateDir = tempDir('warden-proxy-bench-');
  try {
    const CALLS = 10_000;
    process.stdout.write(`\nproxy: ${os.cpus().length} CPUs, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')} at the start\n`);

    // 1. SDK client ↔ SDK server (the fault fixture's echo tool): direct, through Warden, through mcp-proxy.
    const sdk: (readonly [string, string])[] = [];
    {
      const direct = await connect(SERVERS.fault);
      const warden = await connect(await proxied(SERVERS.fault, stateDir));
      // The same proxy without injection detection: what the relay costs apart from the detectors.
      const noDetect = await connect(await proxied(SERVERS.fault, stateDir, ['--detect', 'off'], 'bench-no-detect'));
      const npmProxy = await connect(viaMcpProxy(SERVERS.fault));
      const echo = (client: typeof direct.client) => () => client.callTool({ name: 'echo', arguments: { text: 'hi' } });
      const paths = { direct: echo(direct.client), warden: echo(warden.client), 'mcp-proxy': echo(npmProxy.client) };
      const latency = await compareLatency(paths, { calls: CALLS });
      // The proxies' own CPU over the throughput rounds (warm-up included): on a machine with few
      // cores the client, the proxy and the server share them, so each µs here costs throughput.
      const WARMUP = 500;
      const proxies = { warden: warden.transport.pid!, noDetect: noDetect.transport.pid!, 'mcp-proxy': npmProxy.transport.pid! };
      const cpuBefore = Object.fromEntries(Object.entries(proxies).map(([name, pid]) => [name, cpuSeconds(pid)]));
      const rates = await compareThroughput({ ...paths, noDetect: echo(noDetect.client) }, { calls: CALLS, concurrency: 32, baseline: 'direct', warmup: WARMUP });
      const cpuPerCall = (name: keyof typeof proxies): string =>
        process.platform === 'linux' ? `${(((cpuSeconds(proxies[name]) - cpuBefore[name]!) / (CALLS + WARMUP)) * 1e6).toFixed(0)} µs` : 'n/a';
      sdk.push(
        ['median round trip, direct (baseline)', ms(latency.direct)],
        ['median round trip, Warden', ms(latency.warden)],
        ['median round trip, mcp-proxy', ms(latency['mcp-proxy'])],
        ['added median latency, Warden (target < 0.5 ms)', ms(latency.warden - latency.direct)],
        ['added median latency, mcp-proxy', ms(latency['mcp-proxy'] - latency.direct)],
        ['throughput direct, 32 in flight (baseline)', `${rates.rates.direct.toFixed(0)} calls/s`],
        ['throughput Warden / direct (target ≥ 90 %)', `${ratioOf(rates, 'warden')}, ${rates.rates.warden.toFixed(0)} calls/s`],
        ['throughput Warden --detect off / direct', `${ratioOf(rates, 'noDetect')}, ${rates.rates.noDetect.toFixed(0)} calls/s`],
        ['throughput mcp-proxy / direct', `${ratioOf(rates, 'mcp-proxy')}, ${rates.rates['mcp-proxy'].toFixed(0)} calls/s`],
        ['proxy CPU per call (user + system), Warden', cpuPerCall('warden')],
        ['proxy CPU per call, Warden --detect off', cpuPerCall('noDetect')],
        ['proxy CPU per call, mcp-proxy', cpuPerCall('mcp-proxy')],
      );

      // 10 MB responses (10,000,000 characters: under the SDK client's 10 MiB line cap).
      const big = (client: typeof direct.client) => () => client.callTool({ name: 'big', arguments: { bytes: 10_000_000 } }, undefined, { timeout: 60_000 });
      const large = await compareLatency({ direct: big(direct.client), warden: big(warden.client), noDetect: big(noDetect.client) }, { calls: 8, rounds: 8, warmup: 1 });
      sdk.push(
        ['10 MB response, direct (baseline)', `${ms(large.direct)} (${(10_000 / large.direct).toFixed(0)} MB/s)`],
        ['10 MB response, Warden', `${ms(large.warden)} (${(10_000 / large.warden).toFixed(0)} MB/s)`],
        ['10 MB throughput Warden / direct (target ≥ 80 %)', ratio(large.direct / large.warden)],
        ['10 MB throughput Warden --detect off / direct', ratio(large.direct / large.noDetect)],
      );
      await Promise.all([direct.client.close(), warden.client.close(), noDetect.client.close(), npmProxy.client.close()]);
    }
    printTable(`proxy: SDK Client ↔ SDK server, ${CALLS} small tools/call per path (medians; rounds alternate)`, sdk);

    // 2. Raw lines against a minimal responder: the proxy's own cost, without SDK overhead.
    const raw: (readonly [string, string])[] = [];
    {
      const direct = new RawDriver(RAW);
      const through = new RawDriver(await proxied(RAW, stateDir));
      await Promise.all([direct.initialize(), through.initialize()]);
      const paths = { direct: () => direct.call(), proxy: () => through.call() };
      const latency = await compareLatency(paths, { calls: CALLS, warmup: 1000 });
      const rates = await compareThroughput(paths, { calls: CALLS, concurrency: 32, baseline: 'direct' });
      raw.push(
        ['median round trip, direct (baseline)', ms(latency.direct)],
        ['median round trip, proxy', ms(latency.proxy)],
        ['added median latency', ms(latency.proxy - latency.direct)],
        ['throughput direct, 32 in flight (baseline)', `${rates.rates.direct.toFixed(0)} calls/s`],
        ['throughput proxy / direct', `${ratioOf(rates, 'proxy')}, ${rates.rates.proxy.toFixed(0)} calls/s`],
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
