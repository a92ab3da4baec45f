import os from 'node:os';
import type { HostInfo, Platform } from './model.js';

/** The running machine, for the entry points (CLI, extension); core code takes a HostInfo instead. */
export function currentHost(): HostInfo {
  const platform: Platform = process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
  return { platform, homedir: os.homedir(), env: process.env };
}
