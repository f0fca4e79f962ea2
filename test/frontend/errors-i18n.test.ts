import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema as buildSdl, parse, specifiedRules, validate } from 'graphql';
import { ErrorCode } from '../../src/errors';
import {
  languageOf,
  localize,
  localizeError,
  MESSAGES,
  OtherCode,
} from '../../src/errors/messages';
import { SecurityCode } from '../../src/security/errors';
import {
  formatOperationNotSupported,
  OperationTypeSupportedRule,
} from '../../src/server/operation-type-rule';

describe('error messages in Indonesian and English', () => {
  const every = [
    ...Object.values(ErrorCode),
    ...Object.values(SecurityCode),
    ...Object.values(OtherCode),
  ];

  it.each(every)('%s has a non-empty message in both languages, and they differ', (code) => {
    const id = localize(code, 'id');
    const en = localize(code, 'en');
    expect(id).toEqual(expect.any(String));
    expect(en).toEqual(expect.any(String));
    expect(id!.length).toBeGreaterThan(10);
    expect(id).not.toBe(en);
  });

  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync(path.join(__dirname, '../../docs/errors.md'), 'utf8');
    for (const code of Object.keys(MESSAGES)) expect(doc).toContain(`\`${code}\``);
  });

  it('names the agency in upstream messages and leaves unknown codes alone', () => {
    expect(localize(ErrorCode.UpstreamUnavailable, 'id', { connector: 'bpjs-kesehatan' })).toBe(
      'Layanan BPJS Kesehatan sedang tidak tersedia.',
    );
    expect(localize('SOMETHING_NEW', 'id')).toBeUndefined();
  });

  it('localizes a formatted error, keeping the code, the other extensions and the original text', () => {
    const formatted = {
      message: 'pdam is unavailable',
      path: ['citizen', 'waterAccounts'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', connector: 'pdam' },
    };
    expect(localizeError(formatted, 'id')).toEqual({
      message: 'Layanan PDAM sedang tidak tersedia.',
      path: ['citizen', 'waterAccounts'],
      extensions: {
        code: 'UPSTREAM_UNAVAILABLE',
        connector: 'pdam',
        detail: 'pdam is unavailable',
      },
    });
    expect(localizeError(formatted, 'en').message).toBe('PDAM is unavailable.');
    expect(localizeError({ message: 'x' }, 'id')).toEqual({ message: 'x' });
  });
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'id'],
    ['', 'id'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7', 'id'],
    ['in', 'id'],
    ['fr-FR, en;q=0.5', 'en'],
    ['en;q=0.4, id;q=0.8', 'id'],
    ['de, fr', 'id'],
    ['*', 'id'],
    ['en;q=0, id', 'id'],
    ['en;q=abc', 'id'],
  ])('%p → %s (default id)', (header, lang) => {
    expect(languageOf(header)).toBe(lang);
  });

  it('uses the configured default when nothing matches', () => {
    expect(languageOf('de', 'en')).toBe('en');
    expect(languageOf(undefined, 'en')).toBe('en');
  });
});

describe('operation types the schema lacks', () => {
  const schema = buildSdl('type Query { ping: String }');
  const rules = [...specifiedRules, OperationTypeSupportedRule];

  it.each([
    ['mutation { x }', 'mutation'],
    ['subscription { x }', 'subscription'],
  ])('refuses %s with OPERATION_NOT_SUPPORTED', (source, operation) => {
    const errors = validate(schema, parse(source), rules);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extensions).toEqual({ code: 'OPERATION_NOT_SUPPORTED', operation });
    const formatted = formatOperationNotSupported(errors[0]!.toJSON(), errors[0]);
    expect(formatted?.extensions?.['code']).toBe('OPERATION_NOT_SUPPORTED');
  });

  it('accepts queries, and mutations once the schema has a Mutation type', () => {
    expect(validate(schema, parse('{ ping }'), rules)).toEqual([]);
    const withMutation = buildSdl('type Query { ping: String } type Mutation { x: Int }');
    expect(validate(withMutation, parse('mutation { x }'), rules)).toEqual([]);
  });

  it('finds the error inside the wrapper Apollo puts around validation errors', async () => {
    const { GraphQLError } = await import('graphql');
    const [original] = validate(schema, parse('mutation { x }'), rules);
    const wrapped = new GraphQLError(original!.message, {
      originalError: original,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(formatOperationNotSupported(wrapped.toJSON(), wrapped)?.extensions).toEqual({
      code: 'OPERATION_NOT_SUPPORTED',
      operation: 'mutation',
    });
    expect(formatOperationNotSupported({ message: 'x' }, new Error('x'))).toBeUndefined();
  });
});
