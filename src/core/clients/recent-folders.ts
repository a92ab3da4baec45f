// Folders the user opened recently in VS Code (and its forks), found through each editor's
// workspace storage: <userdir>/User/workspaceStorage/<hash>/workspace.json holds
// {"folder": "file:///abs/path"} or {"workspace": "file:///abs/x.code-workspace"}.
import { parseJsonc } from '../formats/jsonc.js';
import { member, type SourceNode } from '../formats/source-node.js';
import { errorCode, type FileSystem } from '../fs/file-system.js';
import type { Finding, HostInfo } from '../model.js';
import { editorVariants, join, pathsFor } from './paths.js';

export interface RecentFolders {
  /** Absolute folder paths, each once, in the order found. */
  folders: string[];
  /** workspace.json files that could not be read or understood (rule `recent-folders`, severity info). */
  problems: Finding[];
}

/** A file: URI as a path of the host's platform; undefined for other schemes (vscode-remote:, …). */
export function fileUriToPath(uri: string, host: HostInfo): string | undefined {
  const match = /^file:\/\/([^/]*)(\/.*)?$/i.exec(uri);
  if (!match) return undefined;
  let authority: string;
  let path: string;
  try {
    authority = decodeURIComponent(match[1] ?? '');
    path = decodeURIComponent(match[2] ?? '/');
  } catch {
    return undefined;
  }
  if (host.platform !== 'win32') return authority ? undefined : path;
  if (authority) return `\\\\${authority}${path.replace(/\//g, '\\')}`;
  const drive = /^\/([a-zA-Z]):(\/.*)?$/.exec(path);
  if (!drive) return undefined;
  return `${drive[1]!.toUpperCase()}:${(drive[2] ?? '/').replace(/\//g, '\\')}`;
}

function stringAt(node: SourceNode | undefined, key: string): string | undefined {
  const value = member(node, key);
  return value?.kind === 'string' ? value.value : undefined;
}

/** Absolute paths of folders opened recently in VS Code and its forks, deduplicated, with the
 * workspace records that could not be read reported beside them instead of dropped. Never throws. */
export async function recentFolders(host: HostInfo, fs: FileSystem): Promise<RecentFolders> {
  const folders: string[] = [];
  const seen = new Set<string>();
  const problems: Finding[] = [];
  const path = pathsFor(host);
  const add = (folder: string) => {
    let normal = path.normalize(folder);
    const root = path.parse(normal).root;
    while (normal.length > root.length && /[\\/]$/.test(normal)) normal = normal.slice(0, -1);
    const key = host.platform === 'win32' || host.platform === 'darwin' ? normal.toLowerCase() : normal;
    if (seen.has(key)) return;
    seen.add(key);
    folders.push(normal);
  };
  const problem = (file: string, message: string) =>
    problems.push({ ruleId: 'recent-folders', severity: 'info', message, file });

  for (const variant of editorVariants(host)) {
    const storage = join(host, variant.userDir, 'workspaceStorage');
    let entries: string[];
    try {
      entries = (await fs.readdir(storage)).sort();
    } catch {
      continue; // this editor is not installed or was never used
    }
    for (const entry of entries) {
      const file = join(host, storage, entry, 'workspace.json');
      let text: string;
      try {
        text = new TextDecoder().decode(await fs.readFile(file));
      } catch (error) {
        const code = errorCode(error);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') problem(file, `could not read ${variant.label}'s record of a recent workspace (${code ?? 'error'})`);
        continue;
      }
      const document = parseJsonc(text);
      const folderUri = stringAt(document.root, 'folder');
      const workspaceUri = stringAt(document.root, 'workspace');
      if (folderUri === undefined && workspaceUri === undefined) {
        problem(file, `${variant.label}'s record of a recent workspace names no folder`);
        continue;
      }
      if (folderUri !== undefined) {
        const folder = fileUriToPath(folderUri, host);
        if (folder) add(folder);
      }
      if (workspaceUri !== undefined) {
        const workspaceFile = fileUriToPath(workspaceUri, host);
        if (!workspaceFile) continue;
        // The folder holding the .code-workspace file (its settings are read from there), then the
        // folders the workspace lists.
        const base = path.dirname(workspaceFile);
        add(base);
        await addWorkspaceFolders(workspaceFile, base);
      }
    }
  }

  async function addWorkspaceFolders(workspaceFile: string, base: string): Promise<void> {
    let text: string;
    try {
      text = new TextDecoder().decode(await fs.readFile(workspaceFile));
    } catch {
      return; // a deleted workspace file: the folder itself was still recorded
    }
    const list = member(parseJsonc(text).root, 'folders');
    if (list?.kind !== 'array') return;
    for (const item of list.items) {
      const relative = stringAt(item, 'path');
      const uri = stringAt(item, 'uri');
      if (relative !== undefined) add(path.resolve(base, relative));
      else if (uri !== undefined) {
        const folder = fileUriToPath(uri, host);
        if (folder) add(folder);
      }
    }
  }

  return { folders, problems };
}
