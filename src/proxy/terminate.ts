// Signalling the server and everything it started.
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * POSIX: the server was spawned detached, so it leads its own process group; a negative pid
 * signals the whole group. Windows has no groups or POSIX signals: a polite stop is
 * child.kill() (TerminateProcess of the direct child), the hard one `taskkill /T /F`, which
 * takes the tree (cmd.exe → node) down.
 */
export function signalTree(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    if (signal === 'SIGKILL') spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill());
    else child.kill(signal);
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone (ESRCH): nothing left to stop.
  }
}
