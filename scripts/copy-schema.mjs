// The SDL files are read at run time beside src/schema/index.js: copy them into dist.
import { cpSync, readdirSync } from 'node:fs';

for (const file of readdirSync('src/schema').filter((f) => f.endsWith('.graphql'))) {
  cpSync(`src/schema/${file}`, `dist/src/schema/${file}`);
}
