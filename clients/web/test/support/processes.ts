// Starting the API (the server dev jar on embedded PostgreSQL) and the web app's servers for the browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { deflateSync, crc32 } from 'node:zlib';

/** clients/web, whether run from sources or from target/test-js. */
export const webRoot = (() => {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'vite.config.ts')))) {
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('clients/web not found');
    dir = parent;
  }
  return dir;
})();

export interface Proc {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Proc>();
process.on('exit', () => {
  for (const p of running) p.child.kill('SIGKILL');
});

export function start(command: string, args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(command, args, { cwd: webRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const proc: Proc = {
    child,
    output: () => out,
    async stop() {
      running.delete(proc);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
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

/** Starts the server dev jar (dev profile: sample items, dev accounts) on a random port; resolves once it listens. */
export async function startApi(jar: string, args: string[]): Promise<{ proc: Proc; port: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'marketplace-web-'));
  const portFile = join(dir, 'port');
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const proc = start(java, ['-jar', jar, '--server.port=0', `--marketplace.port-file=${portFile}`, '--spring.profiles.active=dev',
    '--marketplace.rate-limit.auth.requests=10000', '--marketplace.rate-limit.anonymous.requests=10000',
    `--marketplace.images.dir=${join(webRoot, 'target', 'images')}`, ...args]);
  const deadline = Date.now() + 240_000;
  try {
    for (;;) {
      if (existsSync(portFile)) {
        const port = readFileSync(portFile, 'utf8').trim();
        if (/^\d+$/.test(port)) return { proc, port: Number(port) };
      }
      if (proc.child.exitCode !== null) throw new Error(`server exited with ${proc.child.exitCode}:\n${proc.output().slice(-5000)}`);
      if (Date.now() > deadline) throw new Error(`server did not start:\n${proc.output().slice(-5000)}`);
      await sleep(200);
    }
  } catch (e) {
    await proc.stop();
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls `url` until it answers 200. */
export async function waitForHttp(url: string, proc: Proc, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode}:\n${proc.output().slice(-5000)}`);
    if (Date.now() > deadline) throw new Error(`${url} not up within ${timeoutMs} ms:\n${proc.output().slice(-5000)}`);
    await sleep(200);
  }
}

/** A width×height PNG with a diagonal gradient in the given hue (a real picture for uploads and screenshots). */
export function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      const shade = 0.45 + 0.55 * ((x + y) / (width + height));
      raw[row + 1 + x * 3] = Math.round(rgb[0] * shade);
      raw[row + 2 + x * 3] = Math.round(rgb[1] * shade);
      raw[row + 3 + x * 3] = Math.round(rgb[2] * shade);
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
