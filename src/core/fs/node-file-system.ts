import { promises as fs } from 'node:fs';
import type { FileInfo, FileSystem } from './file-system.js';

/** The real disk, for the CLI and the extension. */
export const nodeFileSystem: FileSystem = {
  async stat(path: string): Promise<FileInfo> {
    const info = await fs.stat(path);
    return { kind: info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other', size: info.size, mtimeMs: info.mtimeMs };
  },
  async readFile(path: string): Promise<Uint8Array> {
    return fs.readFile(path);
  },
  async readdir(path: string): Promise<string[]> {
    return fs.readdir(path);
  },
};
