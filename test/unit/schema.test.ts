// The TypeScript side of what crosses between Go and TypeScript (src/schema.ts)
// against the Go side's own description of it,
// go/internal/schema/testdata/schema.json (a Go test writes it from the Go
// types and constants). The types are read with the TypeScript compiler, as
// tsc sees them; the constants and what the packager really writes are
// checked as values.
import * as fs from 'node:fs';
import * as path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { archivePackageJson } from '../../src/package/archive-manifest';
import { readArchive } from '../../src/package/read-archive';
import { type ArchiveManifest, SIGNATURE_TYPES } from '../../src/schema';
import { ARCHIVES, archivePath, repoRoot } from '../helpers/archives';

/** The part of JSON Schema the Go side writes. */
interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  enum?: string[];
  $ref?: string;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

const GOLDEN = path.join(repoRoot, 'go', 'internal', 'schema', 'testdata', 'schema.json');
const SCHEMA_TS = path.join(repoRoot, 'src', 'schema.ts');
const defs: Record<string, JsonSchema> = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')).$defs;

/** A schema with its references resolved and its lists sorted: the shape both sides are compared in. */
type Shape = { enum: string[] } | { type: 'string' | 'number' | 'boolean' } | { type: 'array'; items: Shape } | { type: 'object'; properties: Record<string, Shape>; required: string[] };

function goShape(schema: JsonSchema): Shape {
  if (schema.$ref) return goShape(defs[schema.$ref.replace('#/$defs/', '')]);
  if (schema.enum) return { enum: [...schema.enum].sort() };
  switch (schema.type) {
    case 'array':
      return { type: 'array', items: goShape(schema.items!) };
    case 'object':
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, value]) => [name, goShape(value)])),
        required: [...(schema.required ?? [])].sort(),
      };
    case 'integer':
      return { type: 'number' };
    case 'string':
    case 'number':
    case 'boolean':
      return { type: schema.type };
  }
  throw new Error(`schema.json: a schema this test does not read: ${JSON.stringify(schema)}`);
}

/** The exported types of src/schema.ts, as tsc sees them. */
function typeScriptShapes(): Record<string, Shape> {
  const program = ts.createProgram([SCHEMA_TS], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [] });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => repoRoot, getNewLine: () => '\n' }));
  const checker = program.getTypeChecker();
  const shape = (type: ts.Type, where: string): Shape => {
    type = checker.getNonNullableType(type);
    if (type.flags & ts.TypeFlags.String) return { type: 'string' };
    if (type.flags & ts.TypeFlags.Number) return { type: 'number' };
    if (type.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { type: 'boolean' };
    if (type.isStringLiteral()) return { enum: [type.value] };
    if (type.isUnion() && type.types.every((t) => t.isStringLiteral())) return { enum: type.types.map((t) => (t as ts.StringLiteralType).value).sort() };
    if (checker.isArrayType(type)) return { type: 'array', items: shape(checker.getTypeArguments(type as ts.TypeReference)[0], `${where}[]`) };
    if (type.flags & ts.TypeFlags.Object) {
      const properties: Record<string, Shape> = {};
      const required: string[] = [];
      for (const property of checker.getPropertiesOfType(type)) {
        properties[property.name] = shape(checker.getTypeOfSymbol(property), `${where}.${property.name}`);
        if (!(property.flags & ts.SymbolFlags.Optional)) required.push(property.name);
      }
      return { type: 'object', properties, required: required.sort() };
    }
    throw new Error(`${where} is a ${checker.typeToString(type)}, which this test does not compare`);
  };
  const module = checker.getSymbolAtLocation(program.getSourceFile(SCHEMA_TS)!)!;
  const shapes: Record<string, Shape> = {};
  for (const symbol of checker.getExportsOfModule(module)) {
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) shapes[symbol.name] = shape(checker.getDeclaredTypeOfSymbol(symbol), symbol.name);
  }
  return shapes;
}

/** Where value breaks schema, as messages; none when it fits. */
function violations(value: unknown, schema: JsonSchema, where: string): string[] {
  if (schema.$ref) return violations(value, defs[schema.$ref.replace('#/$defs/', '')], where);
  if (schema.enum) return schema.enum.includes(value as string) ? [] : [`${where} is ${JSON.stringify(value)}, not one of ${schema.enum.join(', ')}`];
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${where} is not a string`];
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, i) => violations(item, schema.items!, `${where}[${i}]`)) : [`${where} is not an array`];
    case 'object': {
      if (typeof value !== 'object' || value === null) return [`${where} is not an object`];
      const record = value as Record<string, unknown>;
      return [
        ...(schema.required ?? []).filter((name) => !(name in record)).map((name) => `${where}.${name} is missing`),
        ...Object.keys(record).flatMap((name) => (schema.properties?.[name] ? violations(record[name], schema.properties[name], `${where}.${name}`) : [`${where}.${name} is not in the schema`])),
      ];
    }
  }
  return [`${where}: the schema's ${JSON.stringify(schema)} is not one this test checks`];
}

describe("the TypeScript side of what crosses from Go (src/schema.ts against go/internal/schema's schema.json)", () => {
  const shapes = typeScriptShapes();

  it.each(Object.keys(defs))('%s is the same on both sides', (name) => {
    expect(shapes[name], `src/schema.ts exports no type ${name}`).toBeDefined();
    expect(shapes[name], `src/schema.ts's ${name} (received) against the Go side's (expected, go/internal/schema/testdata/schema.json)`).toEqual(goShape(defs[name]));
  });

  it('declares no type the Go side does not describe', () => {
    expect(Object.keys(shapes).filter((name) => !(name in defs))).toEqual([]);
  });

  it('lists the signature types the Go side takes, in its order', () => {
    expect([...SIGNATURE_TYPES]).toEqual(defs.SignatureType.enum);
  });

  it("writes an archive's goHandoff section as the schema says", () => {
    const manifest: ArchiveManifest = { binary: 'handler', goos: 'linux', goarch: 'amd64', contract: 'target', functions: ['A', 'B'], builtWith: '0.1.0' };
    for (const description of [manifest, { ...manifest, contract: 'http' as const, functions: [] }]) {
      expect(violations(JSON.parse(archivePackageJson(description)).goHandoff, defs.ArchiveManifest, 'goHandoff')).toEqual([]);
    }
  });

  it('the test archives, built from real plans, carry manifests the schema describes', async () => {
    for (const name of Object.keys(ARCHIVES)) {
      const { files } = await readArchive(archivePath(name));
      const pkg = JSON.parse(files.find((f) => f.name === 'package.json')!.data.toString('utf8'));
      expect(violations(pkg.goHandoff, defs.ArchiveManifest, `${name}: goHandoff`)).toEqual([]);
    }
  });
});
