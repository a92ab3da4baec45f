// The file access core needs, passed in so tests can use real temporary folders or fakes and
// the extension can use the same code as the CLI.

export type FileKind = 'file' | 'directory' | 'other';

export interface FileInfo {
  kind: FileKind;
  size: number;
  mtimeMs: number;
}

export interface FileSystem {
  /** Follows symbolic links; rejects with a Node-style error carrying `code` (ENOENT, EACCES, ELOOP, …). */
  stat(path: string): Promise<FileInfo>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<string[]>;
}

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
