// Detection inside the proxy: the added latency of a 100 kB tools/call result (ordinary prose)
// with scanning on vs off (--detect off), the same proxy build and pinning on both paths, rounds
// interleaved so machine noise hits all paths alike. A third path turns provenance on for every
// result (detection.json {"provenance": true}) to show what adding _meta to untouched results costs.
//
//   node --import tsx -e "import('./bench/detect-proxy.bench.ts').then((m) => m.benchDetectProxy())"
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { proxied, tempDir, type Launch } from '../test/integration/proxy/helpers.js';
import { compareLatency, RawDriver } from './proxy-round-trip.js';
import { printTable } from './stats.js';

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

const ms = (value: number): string => `${value.toFixed(3)} ms`;

export async function benchDetectProxy(calls = 1_000, bytes = 100_000): Promise<{ addedMs: number; ratio: number }> {
  const stateDir = tempDir('warden-detect-bench-');
  const provenanceDir = path.join(stateDir, 'provenance');
  mkdirSync(provenanceDir);
  writeFileSync(path.join(provenanceDir, 'detection.json'), JSON.stringify({ provenance: true }));
  try {
    const off = new RawDriver(await proxied(PROSE, stateDir, ['--no-audit', '--no-hub', '--detect', 'off'], 'bench:detect-off'));
    const on = new RawDriver(await proxied(PROSE, stateDir, ['--no-audit', '--no-hub'], 'bench:detect-on'));
    const onMeta = new RawDriver(await proxied(PROSE, provenanceDir, ['--no-audit', '--no-hub'], 'bench:detect-on-provenance'));
    const drivers = [off, on, onMeta];
    for (const driver of drivers) await driver.initialize();
    const call = (driver: RawDriver) => () => driver.request('tools/call', `{"name":"report","arguments":{"bytes":${bytes}}}`);
    const result = await compareLatency({ off: call(off), on: call(on), onMeta: call(onMeta) }, { calls, warmup: 100 });
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
