import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads one SDL module of src/schema. The files sit beside this module in the source tree and
 * are copied next to it by `npm run build`, so the same code works from src/ and dist/.
 */
export function loadTypeDefs(name: string): string {
  return readFileSync(path.join(__dirname, `${name}.graphql`), 'utf8');
}

export { scalarResolvers } from './scalars';
