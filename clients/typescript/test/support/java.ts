// Starting and stopping the processes the tests need: the server dev jar, WireMock, and (for the web app's browser
// tests, which compile this file too: clients/web/tsconfig.test.json) Vite. One implementation for both packages.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/**
 * The root of the package whose tests run (clients/typescript, or clients/web when its tests compile this file),
 * whether run from sources or from target/test-js.
 */
export const packageRoot = (() => {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tsconfig.test.json')))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('package root not found');
    dir = parent;
  }
  return dir;
})();

export function javaExecutable(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', process.platform === 'win32' ? 'java.exe' : 'java') : 'java';
}

/**
 * When true (Maven sets it), a missing server jar or stubs directory is a failure;
 * otherwise (plain `npm test` without them) the suite is skipped with a note.
 */
export const requireArtifacts = process.env.MARKETPLACE_REQUIRE_ARTIFACTS === 'true';

export interface JavaProcess {
  child: ChildProcess;
  /** Everything the process wrote so far (for diagnostics). */
  output(): string;
  /** Stops the process: SIGTERM, then SIGKILL after the grace period. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<JavaProcess>();
// Last resort: never leave a JVM behind when the test process exits.
process.on('exit', () => {
  for (const p of running) p.child.kill('SIGKILL');
});

export interface StartOptions {
  /** Working directory (default: the package root). */
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
}

/** Starts `command` with its output captured; killed with SIGKILL at the latest when the test process exits. */
export function startProcess(command: string, args: string[], options: StartOptions = {}): JavaProcess {
  const child = spawn(command, args, {
    cwd: options.cwd ?? packageRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const proc: JavaProcess = {
    child,
    output: () => out,
    async stop(graceMs = 30_000) {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
}

/**
 * JVM flags for the processes tests start (server, stub runner): they live for seconds and serve little, so the
 * client compiler alone and the serial collector start them with less CPU than the JVM's defaults would use.
 */
export const SHORT_LIVED_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export function startJava(args: string[], cwd = packageRoot): JavaProcess {
  return startProcess(javaExecutable(), args, { cwd });
}

export interface ServerOptions {
  /** Extra server arguments (profiles, CORS origins, ...). */
  args?: string[];
  /** Where uploaded images go (default: target/live-images of the package). */
  imagesDir?: string;
  timeoutMs?: number;
}

/**
 * The RS256 key the servers the tests start sign tokens with (MARKETPLACE_AUTH_SIGNING_KEY, PKCS#8 PEM). Without
 * one, the dev profile generates a 2048-bit key at every start: ~1.5 s of CPU in a JVM with the client compiler
 * alone, against a few milliseconds here.
 */
let testSigningKey: string | undefined;
function signingKey(): string {
  testSigningKey ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return testSigningKey;
}

/** Starts the server (dev) jar on a random port; resolves with its base URL and port once it listens. */
export async function startServer(
  jar: string,
  options: ServerOptions = {},
): Promise<{ proc: JavaProcess; baseUrl: string; port: number }> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  const dir = mkdtempSync(join(tmpdir(), 'marketplace-client-'));
  const portFile = join(dir, 'port');
  // Many sign-ups and logins from one IP within seconds: roomy limits (the limiter itself is tested in the server).
  const proc = startProcess(javaExecutable(), [...SHORT_LIVED_JVM, '-jar', jar, '--server.port=0',
    `--marketplace.port-file=${portFile}`,
    '--marketplace.rate-limit.auth.requests=10000', '--marketplace.rate-limit.anonymous.requests=10000',
    `--marketplace.images.dir=${options.imagesDir ?? join(packageRoot, 'target', 'live-images')}`, ...(options.args ?? [])],
  { env: { MARKETPLACE_AUTH_SIGNING_KEY: signingKey() } });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (existsSync(portFile)) {
        const port = readFileSync(portFile, 'utf8').trim();
        if (/^\d+$/.test(port)) return { proc, baseUrl: `http://127.0.0.1:${port}`, port: Number(port) };
      }
      if (proc.child.exitCode !== null) {
        throw new Error(`server exited with ${proc.child.exitCode} before listening:\n${proc.output().slice(-5000)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`server did not write ${portFile} within ${timeoutMs} ms:\n${proc.output().slice(-5000)}`);
      }
      await sleep(200);
    }
  } catch (e) {
    await proc.stop();
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Polls `url` until it answers 200. */
export async function waitForHttp(url: string, proc: JavaProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (proc.child.exitCode !== null) {
      throw new Error(`process exited with ${proc.child.exitCode}:\n${proc.output().slice(-5000)}`);
    }
    if (Date.now() > deadline) throw new Error(`${url} not up within ${timeoutMs} ms:\n${proc.output().slice(-5000)}`);
    await sleep(200);
  }
}
