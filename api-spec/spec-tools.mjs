// Helpers shared by the spec module's scripts (lint.mjs, test-breaking-change-gate.mjs, test-example-lint.mjs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The path of a tool installed by this module's npm ci (node_modules/.bin). */
export const bin = (name) => join('node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/**
 * Bundles the split spec (openapi.yaml and its files) into `dir`/base.json and returns that path and a function that
 * reads a fresh copy of it, for tests that change copies of the spec.
 */
export function bundleJson(dir) {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, 'base.json');
  execFileSync(bin('redocly'), ['bundle', 'openapi.yaml', '--ext', 'json', '--output', base], { stdio: 'ignore' });
  return { base, spec: () => JSON.parse(readFileSync(base, 'utf8')) };
}
