// Proves that the lint rejects an example that does not match its schema, in each place examples live: a request
// body's named example, a schema's example and a parameter's example. Redocly's no-invalid-media-type-examples,
// no-invalid-schema-examples and no-invalid-parameter-examples (redocly.yaml, errors, additional properties
// refused) are the only example validation in the lint: Spectral's duplicates are off (spectral.yaml).
// Run by the build (`npm run test:examples`, Maven phase test) after `npm run bundle`.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, bundleJson } from './spec-tools.mjs';

const dir = join('target', 'example-lint-test');
const redocly = bin('redocly');
const spec = bundleJson(dir).spec();

// The same bundle twice: as it is, and with three wrong examples. Each wrong example must be reported as an error
// by its own rule at its own place, beyond what the unchanged copy reports (the known false positives of
// .redocly.lint-ignore.yaml, which names target/openapi.yaml only).
const original = join(dir, 'original.json');
writeFileSync(original, JSON.stringify(spec, null, 2));
spec.components.examples.ItemCreate.value.unexpected_field = 'not in ItemCreate';
spec.components.schemas.Item.example.stock = 'many';
spec.components.parameters.Limit.example = 'lots';
const broken = join(dir, 'broken.json');
writeFileSync(broken, JSON.stringify(spec, null, 2));

const lint = (file) => new Promise((resolve) => {
  execFile(redocly, ['lint', file, '--config', 'redocly.yaml', '--format=json'], { maxBuffer: 64 << 20 },
    (error, stdout, stderr) => {
      try {
        resolve({ code: error ? error.code : 0, problems: JSON.parse(stdout).problems });
      } catch {
        console.error(`test-example-lint: could not read Redocly's report on ${file}\n${stdout}${stderr}`);
        process.exit(1);
      }
    });
});
const [before, after] = await Promise.all([lint(original), lint(broken)]);
const key = (p) => `${p.ruleId} ${(p.location ?? []).map((l) => l.pointer).join(' ')}`;
const known = new Set(before.problems.map(key));
const added = after.problems.filter((p) => p.severity === 'error' && !known.has(key(p)));

const expected = [
  ['no-invalid-media-type-examples', '#/components/examples/ItemCreate/value/unexpected_field'],
  ['no-invalid-schema-examples', '#/components/schemas/Item/example/stock'],
  ['no-invalid-parameter-examples', '#/components/parameters/Limit'],
];
let failures = after.code === 0 ? 1 : 0;
if (failures) console.log('FAIL the lint passed a spec with three wrong examples');
for (const [rule, place] of expected) {
  const found = added.some((p) => p.ruleId === rule && (p.location ?? []).some((l) => (l.pointer ?? '').startsWith(place)));
  failures += found ? 0 : 1;
  console.log(`${found ? 'ok  ' : 'FAIL'} ${rule} reports the wrong example at ${place}`);
}
if (failures > 0) {
  console.error(`example lint test: ${failures} check(s) wrong; errors Redocly added for the wrong examples:`);
  for (const p of added) console.error(`  ${key(p)}`);
  process.exit(1);
}
console.log(`example lint test: ${expected.length} wrong examples rejected`);
