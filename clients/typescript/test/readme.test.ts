// The README's usage example must be exactly examples/usage.ts (which tsc compiles against dist/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { packageRoot } from './support/java.js';

it('README ```ts usage block equals examples/usage.ts', () => {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  const example = readFileSync(join(packageRoot, 'examples', 'usage.ts'), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\r?\n([\s\S]*?)^```\s*$/gm)].map((m) => m[1]);
  // The usage example is the one complete program: it imports from the package and creates a client
  // (shorter snippets may do either, not both).
  const usage = blocks.filter((b) => b?.startsWith('import {') && b.includes('createMarketplaceClient('));
  assert.equal(usage.length, 1, 'README must have exactly one ```ts block with the usage example');
  assert.equal(usage[0], example);
});

it('package.json version equals the spec info.version', () => {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const spec = readFileSync(join(packageRoot, '..', '..', 'api-spec', 'openapi.yaml'), 'utf8');
  const m = /^info:\s*\n(?:[ \t]+.*\n)*?[ \t]+version:\s*['"]?([^'"\s]+)/m.exec(spec);
  assert.ok(m, 'info.version not found');
  assert.equal(pkg.version, m[1]);
});
