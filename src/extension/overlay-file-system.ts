// A FileSystem that serves the text of open, unsaved editors instead of the disk, so a scan
// lints what the user is typing. Core needs no change for it: it only sees a FileSystem.
import path from 'node:path';
import * as vscode from 'vscode';
import type { FileInfo, FileSystem } from '../core/fs/file-system.js';

export function pathKey(file: string): string {
  const normal = path.normalize(file);
  return process.platform === 'win32' || process.platform === 'darwin' ? normal.toLowerCase() : normal;
}

function dirtyDocuments(): Map<string, vscode.TextDocument> {
  const map = new Map<string, vscode.TextDocument>();
  for (const document of vscode.workspace.textDocuments) {
    if (document.uri.scheme === 'file' && document.isDirty) map.set(pathKey(document.uri.fsPath), document);
  }
  return map;
}

export function overlayFileSystem(base: FileSystem): FileSystem {
  const encoder = new TextEncoder();
  return {
    async stat(file: string): Promise<FileInfo> {
      const document = dirtyDocuments().get(pathKey(file));
      if (!document) return base.stat(file);
      const size = encoder.encode(document.getText()).byteLength;
      const info = await base.stat(file).catch(() => undefined);
      return { kind: 'file', size, mtimeMs: info?.mtimeMs ?? Date.now() };
    },
    async readFile(file: string): Promise<Uint8Array> {
      const document = dirtyDocuments().get(pathKey(file));
      return document ? encoder.encode(document.getText()) : base.readFile(file);
    },
    readdir: (dir: string) => base.readdir(dir),
  };
}
