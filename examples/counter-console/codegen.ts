// Typed operations: `npm run codegen` reads the gateway's published SDL and every
// graphql(`...`) call in src/, and writes src/gql (committed, so a fresh clone typechecks).
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/**/*.{ts,tsx}'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', Rupiah: 'number', YearMonth: 'string' },
      },
    },
  },
};
export default config;
