// The README's usage example must be exactly examples/usage.ts (which tsc compiles against dist/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import ts from 'typescript';
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

// "What the package contains": the README lists exactly the package's exports and the spec's operations.
const codes = (text: string): Set<string> => new Set([...text.matchAll(/`([A-Za-z0-9_]+)`/g)].map((m) => m[1]!));
const sorted = (s: Iterable<string>): string[] => [...s].sort();

function readmeLine(prefix: string): string {
  const line = readFileSync(join(packageRoot, 'README.md'), 'utf8').split(/\r?\n/).find((l) => l.startsWith(prefix));
  assert.ok(line, `README.md has no line starting with "${prefix}"`);
  return line.slice(prefix.length);
}

it('README lists exactly the exports of src/index.ts (values and types)', () => {
  const file = join(packageRoot, 'src', 'index.ts');
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source);
  const module = checker.getSymbolAtLocation(source);
  assert.ok(module);
  const values: string[] = [];
  const types: string[] = [];
  for (const symbol of checker.getExportsOfModule(module)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    (target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name);
  }
  assert.ok(values.includes('createMarketplaceClient'));
  assert.deepEqual(sorted(codes(readmeLine('Functions, classes and constants: '))), sorted(values));
  assert.deepEqual(sorted(codes(readmeLine('Types: '))), sorted(types));
});

it('README lists exactly the operations of the generated schema, by tag', () => {
  const schema = readFileSync(join(packageRoot, 'src', 'generated', 'schema.ts'), 'utf8');
  const start = schema.indexOf('export interface operations {');
  assert.ok(start >= 0, 'no operations interface in src/generated/schema.ts');
  const body = schema.slice(start, schema.indexOf('\n}', start));
  const generated = [...body.matchAll(/^ {4}([A-Za-z0-9_]+): \{$/gm)].map((m) => m[1]!);
  assert.ok(generated.length > 40);
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8').split(/\r?\n/);
  const header = readme.indexOf('| tag | operations |');
  assert.ok(header >= 0, 'README.md has no "| tag | operations |" table');
  const rows: string[] = [];
  for (const line of readme.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  const listed = rows.flatMap((row) => [...codes(row.split('|').at(-2) ?? '')]);
  assert.equal(listed.length, new Set(listed).size, 'an operation is listed twice');
  assert.deepEqual(sorted(listed), sorted(generated));
});
