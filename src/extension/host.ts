// The HostInfo core resolves config paths from: this process's platform, home and environment.
export { currentHost } from '../core/node-host.js';
