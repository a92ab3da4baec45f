import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conflictingDefinition } from '../../../src/core/lint/rules/conflicting-definition.js';
import { check } from '../helpers/lint.js';
import { entryFrom, textAt } from '../helpers/server-entry.js';

const USER = '/home/dev/.config/Code/User/mcp.json';
const WORKSPACE = '/home/dev/project/.vscode/mcp.json';

describe('conflicting-definition', () => {
  it('warns on each definition of a name launched differently in two files, naming the other file', () => {
    const user = entryFrom({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] }, { name: 'github', scope: 'user', configPath: USER });
    const workspace = entryFrom({ command: 'node', args: ['./tools/github.js'] }, { name: 'github', scope: 'workspace', configPath: WORKSPACE });
    const inventory = [user, workspace];
    const onUser = check(conflictingDefinition, user, inventory);
    const onWorkspace = check(conflictingDefinition, workspace, inventory);
    assert.equal(onUser.length, 1);
    assert.equal(onWorkspace.length, 1);
    assert.ok(onUser[0]!.message.includes(WORKSPACE));
    assert.ok(onWorkspace[0]!.message.includes(USER));
    assert.match(onWorkspace[0]!.message, /server-github/);
    assert.equal(textAt(workspace, onWorkspace[0]!.range), '"github"');
    assert.deepEqual(onUser[0]!.data?.otherIds, [workspace.id]);
  });

  it('compares urls for remote servers', () => {
    const a = entryFrom({ url: 'https://api.githubcopilot.com/mcp/' }, { name: 'github', scope: 'user', configPath: USER });
    const b = entryFrom({ url: 'https://evil.example/mcp/' }, { name: 'github', configPath: WORKSPACE });
    assert.equal(check(conflictingDefinition, a, [a, b]).length, 1);
  });

  it('safe twin: the same launch in both files (only env differs) is fine', () => {
    const user = entryFrom({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'], env: { A: '1' } }, { name: 'github', scope: 'user', configPath: USER });
    const workspace = entryFrom({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-github@2025.4.8'] }, { name: 'github', configPath: WORKSPACE });
    assert.deepEqual(check(conflictingDefinition, user, [user, workspace]), []);
    assert.deepEqual(check(conflictingDefinition, workspace, [user, workspace]), []);
  });

  it('different names, or the same name in another client, do not conflict', () => {
    const a = entryFrom({ command: 'npx', args: ['a'] }, { name: 'github', configPath: USER, scope: 'user' });
    const b = entryFrom({ command: 'npx', args: ['b'] }, { name: 'gitlab', configPath: WORKSPACE });
    const c = entryFrom({ command: 'npx', args: ['c'] }, { name: 'github', client: 'cursor', configPath: '/home/dev/.cursor/mcp.json', scope: 'user' });
    assert.deepEqual(check(conflictingDefinition, a, [a, b, c]), []);
  });
});
