// The web app's processes for the browser tests: the API (the server dev jar on embedded PostgreSQL) and Vite.
// Starting, watching and stopping them is the TypeScript client's test support (clients/typescript/test/support),
// compiled together with these tests (tsconfig.test.json: rootDir ..); only what is the web app's own is here.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync, crc32 } from 'node:zlib';
import { startProcess, startServer, type JavaProcess } from '../../../typescript/test/support/java.js';

export { freePort, waitForHttp } from '../../../typescript/test/support/java.js';

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

export type Proc = JavaProcess;

/** Starts `command` in clients/web with `env` added to the environment. */
export function start(command: string, args: string[], env: Record<string, string> = {}): Proc {
  return startProcess(command, args, { cwd: webRoot, env });
}

/** Starts the server dev jar (dev profile: sample items, dev accounts) on a random port; resolves once it listens. */
export async function startApi(jar: string, args: string[]): Promise<{ proc: Proc; port: number }> {
  const started = await startServer(jar, {
    args: ['--spring.profiles.active=dev', ...args],
    imagesDir: join(webRoot, 'target', 'images'),
    timeoutMs: 240_000,
  });
  return { proc: started.proc, port: started.port };
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
