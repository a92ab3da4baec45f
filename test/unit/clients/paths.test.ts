import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allAdapters } from '../../../src/core/clients/index.js';
import { appConfigHome, appData, editorVariants, xdgConfigHome } from '../../../src/core/clients/paths.js';
import { fakeFs, linux, mac, windows } from './helpers.js';

test('config homes: XDG_CONFIG_HOME on Linux, Application Support on macOS, APPDATA on Windows', () => {
  assert.equal(appConfigHome(linux), '/home/dev/.config');
  assert.equal(appConfigHome({ ...linux, env: { XDG_CONFIG_HOME: '/data/cfg' } }), '/data/cfg');
  assert.equal(appConfigHome({ ...linux, env: { XDG_CONFIG_HOME: 'relative/cfg' } }), '/home/dev/.config', 'a relative XDG path is ignored');
  assert.equal(appConfigHome(mac), '/Users/dev/Library/Application Support');
  assert.equal(appConfigHome(windows), 'C:\\Users\\dev\\AppData\\Roaming');
  assert.equal(appData({ platform: 'win32', homedir: 'C:\\Users\\dev', env: { APPDATA: 'E:\\Roaming' } }), 'E:\\Roaming');
  assert.equal(appData({ platform: 'win32', homedir: 'C:\\Users\\dev', env: { USERPROFILE: 'D:\\Profiles\\dev' } }), 'D:\\Profiles\\dev\\AppData\\Roaming');
  assert.equal(xdgConfigHome(mac), '/Users/dev/.config');
});

test('VS Code family user dirs for every variant', () => {
  assert.deepEqual(
    editorVariants(windows).map((variant) => [variant.label, variant.userDir]),
    [
      ['VS Code', 'C:\\Users\\dev\\AppData\\Roaming\\Code\\User'],
      ['VS Code Insiders', 'C:\\Users\\dev\\AppData\\Roaming\\Code - Insiders\\User'],
      ['VSCodium', 'C:\\Users\\dev\\AppData\\Roaming\\VSCodium\\User'],
      ['Cursor', 'C:\\Users\\dev\\AppData\\Roaming\\Cursor\\User'],
      ['Windsurf', 'C:\\Users\\dev\\AppData\\Roaming\\Windsurf\\User'],
    ],
  );
});

test('every adapter: absolute paths in the host platform style, a known format, folder set on workspace files', async () => {
  assert.equal(new Set(allAdapters.map((adapter) => adapter.id)).size, 16);
  for (const host of [linux, mac, windows]) {
    const folder = host.platform === 'win32' ? 'D:\\proj' : '/proj';
    for (const adapter of allAdapters) {
      const locations = await adapter.locations({ host, folders: [folder], fs: fakeFs() });
      assert.ok(locations.length > 0, `${adapter.id} on ${host.platform} has no locations`);
      for (const location of locations) {
        assert.equal(location.client, adapter.id);
        assert.ok(['json', 'jsonc', 'toml', 'yaml'].includes(location.format));
        if (host.platform === 'win32') assert.match(location.path, /^[A-Z]:\\[^/]*$/, `${adapter.id}: ${location.path}`);
        else assert.match(location.path, /^\/[^\\]*$/, `${adapter.id}: ${location.path}`);
        if (location.scope === 'workspace') assert.equal(location.folder, folder, `${adapter.id}: ${location.path}`);
      }
    }
  }
});

test('locations never throw when folders cannot be listed', async () => {
  const failing = fakeFs();
  failing.readdir = async () => {
    throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
  };
  for (const adapter of allAdapters) {
    await assert.doesNotReject(adapter.locations({ host: linux, folders: ['/locked'], fs: failing }));
  }
});
