// `npm pack` makes an installable package: the tarball installs into a project outside the repository and imports.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { packageRoot } from './support/java.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const dir = mkdtempSync(join(tmpdir(), 'marketplace-pack-'));

describe('npm pack', { timeout: 180_000 }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs dist, sources and README, installs outside the repository and imports', () => {
    const out = execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: packageRoot, encoding: 'utf8' });
    const [packed] = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[]; size: number }[];
    assert.ok(packed);
    const files = packed.files.map((f) => f.path);
    for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/session.js', 'dist/generated/schema.d.ts']) {
      assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
    }
    assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('target/') || f.startsWith('node_modules/')), files.join(', '));

    const project = join(dir, 'shop');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'shop', private: true, type: 'module' }));
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, packed.filename)], { cwd: project, stdio: 'pipe' });
    const exported = execFileSync(process.execPath, ['--input-type=module', '-e',
      "const m = await import('@marketplace/client'); console.log(Object.keys(m).sort().join(','))"], { cwd: project, encoding: 'utf8' });
    for (const name of ['createMarketplaceClient', 'cookieSession', 'connectLiveEvents', 'imageUrl', 'unwrap', 'eventTicket']) {
      assert.ok(exported.split(',').map((s) => s.trim()).includes(name), `${name} exported: ${exported}`);
    }
  });
});
