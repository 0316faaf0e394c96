// Proves the breaking-change gate trips (issue 14, item 6): makes modified copies of the bundled spec and runs the
// gate's own command (`redocly diff <old> <new> --fail-on major`, with redocly.yaml's diff rules) on each. A removed
// response field, a new required request property and a narrowed type must fail it; an additive change must pass.
// Run by the build (`npm run test:gate`, Maven phase test) after `npm run bundle`.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, bundleJson } from './spec-tools.mjs';

const dir = join('target', 'gate-test');
const redocly = bin('redocly');
const { base, spec } = bundleJson(dir);

const cases = [
  {
    name: 'removed response field (Item.stock)',
    breaking: true,
    change: (s) => {
      delete s.components.schemas.Item.properties.stock;
      s.components.schemas.Item.required = s.components.schemas.Item.required.filter((p) => p !== 'stock');
      delete s.components.schemas.Item.example.stock;
    },
  },
  {
    name: 'new required request property (ItemCreate.sku)',
    breaking: true,
    change: (s) => {
      const create = s.components.schemas.ItemCreate;
      create.properties.sku = { type: 'string', maxLength: 64, example: 'LAMP-1' };
      create.required.push('sku');
    },
  },
  {
    name: 'narrowed type (ItemCreate.description no longer accepts null)',
    breaking: true,
    change: (s) => {
      s.components.schemas.ItemCreate.properties.description.type = 'string';
    },
  },
  {
    name: 'narrowed type (ItemCreate.stock integer -> string)',
    breaking: true,
    change: (s) => {
      const stock = s.components.schemas.ItemCreate.properties.stock;
      for (const k of ['format', 'minimum', 'maximum']) delete stock[k];
      Object.assign(stock, { type: 'string', maxLength: 7, example: '5' });
    },
  },
  {
    name: 'additive: optional request property, new response field, new optional query parameter',
    breaking: false,
    change: (s) => {
      s.components.schemas.ItemCreate.properties.sku = { type: 'string', maxLength: 64, example: 'LAMP-1' };
      s.components.schemas.Item.properties.sku = { type: ['string', 'null'], maxLength: 64, example: 'LAMP-1' };
      s.paths['/api/v2/items'].get.parameters.push({
        name: 'sku', in: 'query', required: false, description: 'Only items with this SKU.',
        schema: { type: 'string', maxLength: 64 }, example: 'LAMP-1',
      });
    },
  },
];

// The cases run at once (each is its own Redocly process); their reports are printed in order.
const results = await Promise.all(cases.map((c, i) => new Promise((resolve) => {
  const modified = spec();
  c.change(modified);
  const file = join(dir, `case-${i + 1}.json`);
  const changelog = join(dir, `case-${i + 1}.md`);
  writeFileSync(file, JSON.stringify(modified, null, 2));
  rmSync(changelog, { force: true }); // a report left by an earlier run must not count for this one
  execFile(redocly, ['diff', base, file, '--fail-on', 'major', '--format', 'markdown', '--output', changelog],
    { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? error.code : 0;
      const tripped = status !== 0;
      // A breaking case must fail for the right reason: the changelog lists it as a major change.
      const reported = existsSync(changelog) && readFileSync(changelog, 'utf8').includes('major | ');
      resolve({ c, status, tripped, ok: tripped === c.breaking && reported === c.breaking, output: stdout + stderr });
    });
})));
let failures = 0;
for (const { c, status, tripped, ok, output } of results) {
  failures += ok ? 0 : 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.name}: gate ${tripped ? 'failed' : 'passed'} (exit ${status}),`
    + ` expected it to ${c.breaking ? 'fail' : 'pass'}`);
  if (!ok) console.log(output);
}
if (failures > 0) {
  console.error(`breaking-change gate test: ${failures} of ${cases.length} case(s) wrong`);
  process.exit(1);
}
console.log(`breaking-change gate test: ${cases.length} cases as expected`);
