// Activation stays off the scan path: activate() returns before the first scan completes, and
// the timings are kept for the activation benchmark (bench/activation.bench.ts).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { WardenApi } from '../../../src/extension/extension.js';
import { suite, test } from './framework.js';

declare const __MCP_WARDEN_RESULTS_FILE__: string;

suite('activation', () => {
  test('activate() returns before the first scan finishes, and the first scan completes', async () => {
    const extension = vscode.extensions.getExtension<WardenApi>('mcp-warden.mcp-warden');
    assert.ok(extension, 'extension missing');
    const api = await extension.activate();
    const timing = await api.activationTiming();
    assert.ok(Number.isFinite(timing.firstScanMs), 'the first scan did not complete');
    assert.ok(timing.activateMs < timing.firstScanDoneMs, `activate() took ${timing.activateMs} ms but the first scan was done at ${timing.firstScanDoneMs} ms: the scan ran on the activation path`);
    writeFileSync(join(dirname(__MCP_WARDEN_RESULTS_FILE__), 'activation.json'), JSON.stringify(timing, null, 2));
  });
});
