// The spec's lint (`npm run lint:bundle`, Maven phase generate-resources): Redocly (recommended-strict, house rules,
// every example validated against its schema), Spectral (spectral:oas + the OWASP API Security Top 10, see
// spectral.yaml) and the AsyncAPI document, run at once (three processes, each mostly one core). Each tool's output
// is printed whole, in this order, and the lint fails when any of them fails.
import { spawn } from 'node:child_process';
import { bin } from './spec-tools.mjs';

const tools = [
  ['redocly', bin('redocly'), ['lint', 'target/openapi.yaml', '--format=stylish']],
  ['spectral', bin('spectral'), ['lint', 'target/openapi.yaml', '--ruleset', 'spectral.yaml', '--fail-severity=warn',
    '--display-only-failures']],
  ['asyncapi', process.execPath, ['validate-asyncapi.mjs']],
];

const run = ([name, command, args]) => new Promise((resolve) => {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  child.on('error', (e) => resolve({ name, code: 1, output: `${output}${e.message}\n` }));
  child.on('close', (code) => resolve({ name, code, output }));
});

const results = await Promise.all(tools.map(run));
for (const r of results) {
  process.stdout.write(r.output);
  if (r.code !== 0) console.error(`lint: ${r.name} failed (exit ${r.code})`);
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
