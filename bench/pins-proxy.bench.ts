// Pin checks on tools/call: the same proxy with pinning on and off (--no-pins), measured in the
// same run with the rounds interleaved so machine noise hits both alike. With pinning on, a call
// costs a map lookup (is this tool withheld?); only list results are hashed (see pins.bench.ts).
//
//   node --import tsx -e "import('./bench/pins-proxy.bench.ts').then((m) => m.benchPinsProxy())"
import { rmSync } from 'node:fs';
import path from 'node:path';
import { connect, proxied, ROOT, tempDir, type Launch } from '../test/integration/proxy/helpers.js';
import { RUG_PULL } from '../test/integration/pins/helpers.js';
import { compareLatency, RawDriver } from './proxy-round-trip.js';
import { printTable } from './stats.js';

const RAW: Launch = { command: process.execPath, args: [path.join(ROOT, 'test/fixtures/servers/raw-echo.mjs')] };

const ms = (value: number): string => `${value.toFixed(3)} ms`;

export async function benchPinsProxy(calls = 10_000): Promise<{ rawAddedMs: number; sdkAddedMs: number }> {
  const stateDir = tempDir('warden-pins-bench-');
  try {
    // Raw lines against a minimal responder: the proxy's own cost.
    const direct = new RawDriver(RAW);
    const off = new RawDriver(await proxied(RAW, stateDir, ['--no-pins', '--no-audit', '--no-hub'], 'bench:raw-off'));
    const on = new RawDriver(await proxied(RAW, stateDir, ['--no-audit', '--no-hub'], 'bench:raw-on'));
    for (const driver of [direct, off, on]) await driver.initialize();
    await on.request('tools/list', '{}');
    const raw = await compareLatency({ direct: () => direct.call(), off: () => off.call(), on: () => on.call() }, { calls });
    // 10 MB responses: with a policy the relay forwards whole lines instead of chunks as they arrive.
    const big = (driver: RawDriver) => () => driver.request('tools/call', '{"name":"echo","arguments":{"bytes":10000000}}');
    const large = await compareLatency({ off: big(off), on: big(on) }, { calls: 10, rounds: 5, warmup: 2 });
    await Promise.all([direct.close(), off.close(), on.close()]);

    // SDK Client ↔ SDK server with a real tool list pinned first.
    const sdkOff = await connect(await proxied(RUG_PULL, stateDir, ['--no-pins', '--no-audit', '--no-hub'], 'bench:sdk-off'));
    const sdkOn = await connect(await proxied(RUG_PULL, stateDir, ['--no-audit', '--no-hub'], 'bench:sdk-on'));
    await sdkOn.client.listTools();
    const echo = (client: typeof sdkOn.client) => () => client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    const sdk = await compareLatency({ off: echo(sdkOff.client), on: echo(sdkOn.client) }, { calls: calls / 2 });
    await Promise.all([sdkOff.client.close(), sdkOn.client.close()]);

    const rawAddedMs = raw.on - raw.off;
    const sdkAddedMs = sdk.on - sdk.off;
    printTable(`pins: tools/call through the proxy with pinning on vs off (${calls} raw, ${calls / 2} SDK calls, interleaved)`, [
      ['raw: median round trip, direct', ms(raw.direct)],
      ['raw: median round trip, proxy --no-pins', ms(raw.off)],
      ['raw: median round trip, proxy with pins', ms(raw.on)],
      ['raw: added by pin checks', ms(rawAddedMs)],
      ['raw: 10 MB response, proxy --no-pins', ms(large.off)],
      ['raw: 10 MB response, proxy with pins', ms(large.on)],
      ['SDK: median round trip, proxy --no-pins', ms(sdk.off)],
      ['SDK: median round trip, proxy with pins', ms(sdk.on)],
      ['SDK: added by pin checks', ms(sdkAddedMs)],
    ]);
    return { rawAddedMs, sdkAddedMs };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
