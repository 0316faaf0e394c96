// `npm run changelog`: bundles the split spec, runs the breaking-change gate against baseline/openapi.yaml and prints
// the API changelog (also written to target/api-changelog.md). Exits non-zero when the gate finds a breaking change.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) =>
  spawnSync(npm, ['run', '--silent', script], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' }).status ?? 1;

const bundled = run('bundle');
if (bundled !== 0) {
  process.exitCode = bundled;
} else {
  rmSync('target/api-changelog.md', { force: true });
  const gate = run('gate');
  if (existsSync('target/api-changelog.md')) {
    process.stdout.write(readFileSync('target/api-changelog.md', 'utf8') + '\n');
  }
  process.exitCode = gate; // exitCode, not exit(): a piped stdout is flushed first
}
