// Validates asyncapi.yaml (AsyncAPI 3.0, payloads referencing openapi.yaml) with the official parser;
// exits non-zero on any error-level diagnostic.

import { resolve } from 'node:path';
import { Parser, fromFile } from '@asyncapi/parser';

const parser = new Parser();
const file = resolve('asyncapi.yaml');
const { document, diagnostics } = await fromFile(parser, file).parse();
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics) {
  const level = ['error', 'warning', 'info', 'hint'][d.severity];
  console.log(`${level} ${d.code} ${d.path.join('.')}: ${d.message}`);
}
if (!document || errors.length > 0) {
  console.error(`asyncapi.yaml: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`asyncapi.yaml: valid (${document.channels().length} channels, ${document.messages().length} messages)`);
