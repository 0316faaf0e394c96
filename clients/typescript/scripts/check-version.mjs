#!/usr/bin/env node
// Fails the build when package.json "version" differs from the spec's info.version.
// `node scripts/check-version.mjs --write` sets package.json to the spec's version instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const specPath = resolve(here, '../../../api-spec/openapi.yaml');
const pkgPath = resolve(here, '../package.json');

/** Reads info.version from the spec without a YAML dependency: the `version:` key directly under top-level `info:`. */
export function specVersion(yamlText) {
  const lines = yamlText.split(/\r?\n/);
  const start = lines.findIndex((l) => /^info:\s*$/.test(l));
  if (start < 0) throw new Error('no top-level "info:" in the spec');
  let indent;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // next top-level key
    const m = /^(\s+)([A-Za-z_][\w-]*):\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    indent ??= m[1].length;
    if (m[1].length !== indent) continue; // nested under another info key
    if (m[2] === 'version') return m[3].replace(/^(['"])(.*)\1$/, '$2');
  }
  throw new Error('no info.version in the spec');
}

const expected = specVersion(readFileSync(specPath, 'utf8'));
const pkgText = readFileSync(pkgPath, 'utf8');
const pkg = JSON.parse(pkgText);

if (pkg.version === expected) {
  console.log(`package.json version ${pkg.version} matches the spec's info.version`);
} else if (process.argv.includes('--write')) {
  pkg.version = expected;
  writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  console.log(`package.json version set to ${expected} (spec info.version)`);
} else {
  console.error(
    `package.json version ${pkg.version} != spec info.version ${expected} (${specPath}).\n` +
      'Run `npm run check-version -- --write` to take the spec version.',
  );
  process.exit(1);
}
