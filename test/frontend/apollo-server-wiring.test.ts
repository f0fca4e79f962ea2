import { ApolloServer, HeaderMap } from '@apollo/server';
import { buildSchema } from 'graphql';
import { formatError } from '../../src/server/format-error';
import { localizedErrorsPlugin, localizeResponseBody } from '../../src/server/localize-errors';
import {
  formatOperationNotSupported,
  OperationTypeSupportedRule,
} from '../../src/server/operation-type-rule';

// The validation rule and the localized messages composed into a real Apollo Server the way
// docs/frontend.md tells the HTTP layer to: what a client then receives over HTTP.

const schema = buildSchema('type Query { gatewayVersion: String! }');
schema.getQueryType()!.getFields()['gatewayVersion']!.resolve = () => '1.0.0';

const server = new ApolloServer({
  schema,
  validationRules: [OperationTypeSupportedRule],
  formatError: (formatted, error) =>
    formatOperationNotSupported(formatted, error) ?? formatError(formatted, error),
  plugins: [localizedErrorsPlugin('id')],
});
beforeAll(() => server.start());
afterAll(() => server.stop());

async function post(query: string, acceptLanguage?: string) {
  const headers = new HeaderMap([['content-type', 'application/json']]);
  if (acceptLanguage) headers.set('accept-language', acceptLanguage);
  const result = await server.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body: { query } },
    context: async () => ({}),
  });
  const body = result.body.kind === 'complete' ? result.body.string : '';
  return {
    status: result.status ?? 200,
    body: JSON.parse(body) as {
      errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
    },
  };
}

describe('the HTTP answer to an operation type the schema lacks', () => {
  it('is 400 OPERATION_NOT_SUPPORTED, not 200 INTERNAL_SERVER_ERROR', async () => {
    const { status, body } = await post('mutation { x }');
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({
      code: 'OPERATION_NOT_SUPPORTED',
      operation: 'mutation',
    });
  });

  it('speaks Indonesian by default and English when asked, with the same code', async () => {
    const id = await post('mutation { x }', 'id-ID,id;q=0.9');
    const en = await post('mutation { x }', 'en-US,en;q=0.9');
    expect(id.body.errors![0]!.message).toBe(
      'Jenis operasi ini (mis. mutation) belum didukung gateway.',
    );
    expect(en.body.errors![0]!.message).toBe(
      'This operation type (e.g. mutation) is not supported by the gateway yet.',
    );
    expect(id.body.errors![0]!.extensions['code']).toBe(en.body.errors![0]!.extensions['code']);
    expect((await post('{ nope }', 'en')).body.errors![0]!.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      detail: expect.stringContaining('Cannot query field "nope"'),
    });
  });

  it('still runs queries', async () => {
    const { status, body } = await post('{ gatewayVersion }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { gatewayVersion: '1.0.0' } });
  });
});

describe('localizing a refusal the HTTP layer sends itself', () => {
  it('rewrites the messages of a JSON error body and leaves anything else alone', () => {
    const body = JSON.stringify({
      errors: [{ message: 'unknown API key', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    expect(JSON.parse(localizeResponseBody(body, 'id'))).toEqual({
      errors: [
        {
          message:
            'Aplikasi tidak dikenali: kunci API atau token tidak ada, salah, atau kedaluwarsa.',
          extensions: { code: 'UNAUTHENTICATED', detail: 'unknown API key' },
        },
      ],
    });
    expect(localizeResponseBody('not json', 'id')).toBe('not json');
    expect(localizeResponseBody('{"data":{}}', 'id')).toBe('{"data":{}}');
  });
});
