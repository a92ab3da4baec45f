// `mcp-warden scan | head -1` closes the pipe before the report is written: the reader chose to
// stop reading, which is not a failure of Warden, so end quietly as other Unix tools do.
import type { Writable } from 'node:stream';

/**
 * Ends the process with status 0 when `stream` reports EPIPE. Any other write error is reported
 * on stderr with status 2 instead of an unhandled-error stack trace.
 */
export function exitQuietlyWhenStdoutCloses(stream: Writable = process.stdout, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      exit(0);
      return;
    }
    process.stderr.write(`mcp-warden: cannot write the output: ${error.message}\n`);
    exit(2);
  });
}
