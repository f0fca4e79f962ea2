import { writeFileSync } from 'node:fs';
import type { GraphQLSchema } from 'graphql';
import { agencyModules } from '../resolvers';
import { buildManifest } from '../security/build-manifest';
import { buildSchema } from '../server/schema';

/**
 * `npm run persisted:manifest -- <folder>... --out <manifest.json> [--no-validate]`: the
 * allow-list manifest of the operations in those folders, validated against the schema the
 * gateway serves (security SDL included). An entry point: it may import every layer.
 */
async function main(argv: string[]): Promise<number> {
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  const folders = argv.filter((a, i) => !a.startsWith('--') && i !== outAt + 1);
  if (!out || folders.length === 0) {
    process.stderr.write(
      'usage: npm run persisted:manifest -- <folder>... --out <manifest.json> [--no-validate]\n',
    );
    return 2;
  }
  let schema: GraphQLSchema | undefined;
  if (!argv.includes('--no-validate')) {
    schema = buildSchema(agencyModules);
  }
  try {
    const { manifest, names } = buildManifest(folders, schema);
    writeFileSync(out, `${JSON.stringify(manifest, null, 2)}\n`);
    process.stdout.write(`${Object.keys(names).length} operations written to ${out}\n`);
    for (const [name, hash] of Object.entries(names)) process.stdout.write(`  ${hash}  ${name}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
