import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileUriToPath, recentFolders } from '../../../src/core/clients/recent-folders.js';
import { fakeFs, linux, windows } from './helpers.js';

test('file URIs become paths: %20, Windows drive letters (%3A), UNC shares; other schemes skipped', () => {
  assert.equal(fileUriToPath('file:///home/dev/my%20project', linux), '/home/dev/my project');
  assert.equal(fileUriToPath('file:///c%3A/Users/dev/app', windows), 'C:\\Users\\dev\\app');
  assert.equal(fileUriToPath('file:///d:/work', windows), 'D:\\work');
  assert.equal(fileUriToPath('file://server/share/x', windows), '\\\\server\\share\\x');
  assert.equal(fileUriToPath('vscode-remote://ssh-remote%2Bbox/home/dev/app', linux), undefined);
  assert.equal(fileUriToPath('file:///bad%ZZ', linux), undefined);
});

test('recent folders from workspaceStorage of VS Code and Insiders, deduplicated, remote ones skipped', async () => {
  const code = '/home/dev/.config/Code/User/workspaceStorage';
  const insiders = '/home/dev/.config/Code - Insiders/User/workspaceStorage';
  const fs = fakeFs({
    dirs: { [code]: ['aaa', 'bbb', 'ccc', 'ddd', 'eee'], [insiders]: ['fff'] },
    files: {
      [`${code}/aaa/workspace.json`]: '{"folder": "file:///home/dev/my%20app"}',
      [`${code}/bbb/workspace.json`]: '{"folder": "vscode-remote://ssh-remote%2Bbox/srv/app"}',
      [`${code}/ccc/workspace.json`]: '{"workspace": "file:///home/dev/team/team.code-workspace"}',
      [`${code}/ddd/workspace.json`]: '{"configuration": 1}',
      '/home/dev/team/team.code-workspace': '{"folders": [{"path": "api"}, {"path": "../shared"}, {"uri": "file:///opt/lib"}]}',
      [`${insiders}/fff/workspace.json`]: '{"folder": "file:///home/dev/my%20app/"}',
    },
  });
  const result = await recentFolders(linux, fs);
  assert.deepEqual(result.folders, ['/home/dev/my app', '/home/dev/team', '/home/dev/team/api', '/home/dev/shared', '/opt/lib']);
  assert.equal(result.problems.length, 1);
  assert.equal(result.problems[0]?.file, `${code}/ddd/workspace.json`);
  assert.match(result.problems[0]!.message, /names no folder/);
});

test('recent folders on Windows, and an unreadable record reported instead of thrown', async () => {
  const storage = 'C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\workspaceStorage';
  const fs = fakeFs({
    dirs: { [storage]: ['one', 'two'] },
    files: { [`${storage}\\one\\workspace.json`]: '{"folder": "file:///c%3A/Users/dev/Source/app"}' },
  });
  const readFile = fs.readFile;
  fs.readFile = async (path) => {
    if (path.includes('\\two\\')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
    return readFile(path);
  };
  const result = await recentFolders(windows, fs);
  assert.deepEqual(result.folders, ['C:\\Users\\dev\\Source\\app']);
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0]!.message, /could not read VS Code's record of a recent workspace \(EACCES\)/);
});

test('recent folders: nothing installed means an empty list, not an error', async () => {
  assert.deepEqual(await recentFolders(linux, fakeFs()), { folders: [], problems: [] });
});

test('recent folders: a drive root keeps its backslash and duplicates differing only in case collapse on Windows', async () => {
  const storage = 'C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\workspaceStorage';
  const fs = fakeFs({
    dirs: { [storage]: ['a', 'b', 'c'] },
    files: {
      [`${storage}\\a\\workspace.json`]: '{"folder": "file:///e%3A/"}',
      [`${storage}\\b\\workspace.json`]: '{"folder": "file:///c%3A/Src/App"}',
      [`${storage}\\c\\workspace.json`]: '{"folder": "file:///c%3A/src/app"}',
    },
  });
  assert.deepEqual((await recentFolders(windows, fs)).folders, ['E:\\', 'C:\\Src\\App']);
});
