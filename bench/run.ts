// npm run bench: every benchmark of the project, each printing its figures beside a baseline
// measured in the same run (the machines are shared and noisy, so absolute numbers alone mislead).
import { benchActivation } from './activation.bench.js';
import { benchScan } from './scan.bench.js';
import { benchPackage } from './package.bench.js';
import { benchPins } from './pins.bench.js';
import { benchProxy } from './proxy.bench.js';
import { benchPinsProxy } from './pins-proxy.bench.js';
import { benchDetectProxy } from './detect-proxy.bench.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<unknown>> = { scan: benchScan, pins: benchPins, 'pins-proxy': benchPinsProxy, proxy: benchProxy, 'detect-proxy': benchDetectProxy, package: benchPackage, activation: benchActivation };
for (const [name, bench] of Object.entries(benches)) {
  if (only && only !== name) continue;
  await bench();
}
