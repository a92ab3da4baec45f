// A very small test framework for code that runs inside the VS Code extension host. Suite files
// (test/vscode/suite/*.suite.ts) register tests with suite()/test(); index.ts runs them all and
// writes the results as JSON for the harness (test/vscode/extension-host.test.ts) to report.
export type TestFn = () => unknown | Promise<unknown>;

interface Registered {
  suite: string;
  name: string;
  fn: TestFn;
  timeoutMs: number;
}

export interface HostTestResult {
  suite: string;
  name: string;
  ok: boolean;
  error?: string;
  durationMs: number;
}

export interface HostResults {
  done: boolean;
  results: HostTestResult[];
}

const registered: Registered[] = [];
let currentSuite = '';

// Under @vscode/test-cli (see .vscode-test.mjs) the bundle is loaded by Mocha with its TDD
// globals defined; then suite()/test() register with Mocha instead of the list run() walks.
interface MochaTdd {
  suite: (name: string, body: () => void) => void;
  test: (name: string, fn: (this: { timeout(ms: number): void }) => unknown) => void;
}
function mocha(): MochaTdd | undefined {
  const g = globalThis as unknown as Partial<MochaTdd>;
  return typeof g.suite === 'function' && typeof g.test === 'function' ? (g as MochaTdd) : undefined;
}

export function suite(name: string, body: () => void): void {
  const m = mocha();
  if (m) return m.suite(name, body);
  const previous = currentSuite;
  currentSuite = previous ? `${previous} › ${name}` : name;
  try {
    body();
  } finally {
    currentSuite = previous;
  }
}

export function test(name: string, fn: TestFn, timeoutMs = 30_000): void {
  const m = mocha();
  if (m) {
    return m.test(name, function () {
      this.timeout(timeoutMs);
      return fn();
    });
  }
  registered.push({ suite: currentSuite, name, fn, timeoutMs });
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** Runs every registered test in order; calls write() after each one so a hang shows progress. */
export async function runAll(write: (r: HostResults) => void): Promise<number> {
  const results: HostTestResult[] = [];
  write({ done: false, results });
  for (const t of registered) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(t.fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs} ms`)), t.timeoutMs);
        }),
      ]);
      results.push({ suite: t.suite, name: t.name, ok: true, durationMs: Date.now() - started });
    } catch (err) {
      results.push({ suite: t.suite, name: t.name, ok: false, error: describeError(err), durationMs: Date.now() - started });
    } finally {
      clearTimeout(timer);
    }
    write({ done: false, results });
  }
  write({ done: true, results });
  return results.filter((r) => !r.ok).length;
}

/** Polls `check` every 50 ms until it gives a truthy value, which it returns; throws naming `what` after the timeout. */
export async function until<T>(what: string, check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
