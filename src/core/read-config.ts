import { createHash } from 'node:crypto';
import type { ClientAdapter } from './clients/adapter.js';
import { errorCode, type FileSystem } from './fs/file-system.js';
import type { ConfigLocation, ConfigSource, Finding } from './model.js';
import { LineIndex } from './text/line-index.js';

/** Larger files are not MCP configs a person wrote; reading them would stall the editor. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

function unreadable(location: ConfigLocation, message: string, range?: Finding['range']): ConfigSource {
  return {
    location,
    exists: true,
    servers: [],
    problems: [{ ruleId: 'config-unreadable', severity: 'error', message: `could not read ${location.path}: ${message}`, file: location.path, ...(range ? { range } : {}) }],
  };
}

function describeError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENAMETOOLONG':
      return 'path too long';
    default:
      return (error as Error)?.message ?? String(error);
  }
}

/**
 * Reads one config location and parses it with its client's adapter. Every failure becomes a
 * finding on the file; nothing throws, so one bad file never hides the others.
 */
export async function readConfig(location: ConfigLocation, adapter: ClientAdapter, fs: FileSystem): Promise<ConfigSource> {
  let bytes: Uint8Array;
  try {
    const info = await fs.stat(location.path);
    if (info.kind === 'directory') return unreadable(location, 'it is a directory, not a file');
    if (info.kind !== 'file') return unreadable(location, 'it is not a regular file');
    if (info.size > MAX_CONFIG_BYTES) {
      const megabytes = (info.size / 1024 / 1024).toFixed(1);
      return unreadable(location, `it is ${megabytes} MB, larger than the ${MAX_CONFIG_BYTES / 1024 / 1024} MB an MCP config can sensibly be; not read`);
    }
    bytes = await fs.readFile(location.path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { location, exists: false, servers: [], problems: [] };
    return unreadable(location, describeError(error));
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const problems: Finding[] = [];
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // Decode leniently so the servers are still shown, and point at the first bad byte.
    text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
    const offset = Math.max(0, text.indexOf('\uFFFD'));
    problems.push({
      ruleId: 'config-unreadable',
      severity: 'error',
      message: `${location.path} is not valid UTF-8 (first bad byte near here); the client may not read it as intended`,
      file: location.path,
      range: new LineIndex(text).range(offset, offset + 1),
    });
  }
  try {
    const outcome = adapter.parse(text, location);
    return { location, exists: true, servers: outcome.servers, problems: [...problems, ...outcome.problems], sha256 };
  } catch (error) {
    // Adapters are meant to be total; if one is not, the user still gets a finding, not a crash.
    return { ...unreadable(location, `internal error while parsing: ${(error as Error).message}`), sha256 };
  }
}
