/**
 * Builds the persisted-operation manifest of allow-list mode from the front ends' operation
 * files: `tsx src/security/build-manifest.ts <folder> [more folders] --out manifest.json`.
 * Every operation (with the fragments it uses) becomes one entry: sha256 → document text, the
 * text being `print()` of the operation and its fragments, which is what Apollo Client's
 * persisted-query link hashes and sends. Operations must be named (the name is audited) and
 * unique, and must validate against the gateway's schema.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  parse,
  print,
  validate,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { sha256 } from './persisted';

export interface ManifestResult {
  manifest: { version: 1; operations: Record<string, string> };
  /** Operation name → sha256, for the front ends' build. */
  names: Record<string, string>;
}

/** Reads every .graphql / .gql file under the folders and builds the manifest (throws naming the file). */
export function buildManifest(folders: readonly string[], schema?: GraphQLSchema): ManifestResult {
  const files = folders.flatMap((f) => listFiles(f)).sort();
  const operations: Array<{ op: OperationDefinitionNode; file: string }> = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const file of files) {
    let defs: readonly DefinitionNode[];
    try {
      defs = parse(readFileSync(file, 'utf8'), { noLocation: true }).definitions;
    } catch (err) {
      throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const def of defs) {
      if (def.kind === Kind.OPERATION_DEFINITION) {
        if (!def.name) throw new Error(`${file}: every operation needs a name`);
        operations.push({ op: def, file });
      } else if (def.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(def.name.value))
          throw new Error(`${file}: fragment ${def.name.value} is defined twice`);
        fragments.set(def.name.value, def);
      } else throw new Error(`${file}: only operations and fragments belong in operation files`);
    }
  }
  const result: ManifestResult = { manifest: { version: 1, operations: {} }, names: {} };
  for (const { op, file } of operations) {
    const name = op.name!.value;
    if (result.names[name]) throw new Error(`${file}: operation ${name} is defined twice`);
    const used = fragmentsOf(op, fragments, file);
    const document = { kind: Kind.DOCUMENT, definitions: [op, ...used] } as const;
    if (schema) {
      const errors = validate(schema, document);
      if (errors.length > 0) throw new Error(`${file}: ${name}: ${errors[0]!.message}`);
    }
    const text = print(document);
    const hash = sha256(text);
    result.manifest.operations[hash] = text;
    result.names[name] = hash;
  }
  return result;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) return listFiles(full);
    return /\.(graphql|gql)$/.test(entry) ? [full] : [];
  });
}

/** The fragments an operation uses, transitively, sorted by name (a stable document text). */
function fragmentsOf(
  op: OperationDefinitionNode,
  all: ReadonlyMap<string, FragmentDefinitionNode>,
  file: string,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const queue: Array<OperationDefinitionNode | FragmentDefinitionNode> = [op];
  while (queue.length > 0) {
    visit(queue.pop()!, {
      FragmentSpread(node) {
        const name = node.name.value;
        if (found.has(name)) return;
        const f = all.get(name);
        if (!f) throw new Error(`${file}: fragment ${name} is not defined`);
        found.set(name, f);
        queue.push(f);
      },
    });
  }
  return [...found.values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
}
