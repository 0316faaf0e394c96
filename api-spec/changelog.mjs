// `npm run changelog`: bundles the split spec, runs the breaking-change gate against baseline/openapi.yaml and prints
// the API changelog (also written to target/api-changelog.md). Exits non-zero when the gate finds a breaking change.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const script of ['bundle', 'gate']) {
  const run = spawnSync(npm, ['run', '--silent', script], { stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (script === 'bundle' && run.status !== 0) process.exit(run.status ?? 1);
  if (script === 'gate') {
    if (existsSync('target/api-changelog.md')) process.stdout.write(readFileSync('target/api-changelog.md', 'utf8') + '\n');
    process.exit(run.status ?? 1);
  }
}
