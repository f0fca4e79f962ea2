import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** Implementations of the scalars declared in core.graphql. */

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function stringScalar(name: string, description: string, check: (v: string) => boolean) {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !check(value)) {
      throw new GraphQLError(`${name} must be ${description}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: (v) => parse(v),
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

export const scalarResolvers = {
  Date: stringScalar('Date', 'an ISO date YYYY-MM-DD', (v) => DATE.test(v)),
  DateTime: stringScalar('DateTime', 'an ISO 8601 timestamp', (v) => !Number.isNaN(Date.parse(v))),
  YearMonth: stringScalar('YearMonth', 'a month YYYY-MM', (v) => YEAR_MONTH.test(v)),
  Rupiah: new GraphQLScalarType<number, number>({
    name: 'Rupiah',
    description: 'Whole rupiah as an integer JSON number',
    serialize: (v) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v))
        throw new GraphQLError('Rupiah must be a safe integer');
      return v;
    },
    parseValue: (v) => {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
        throw new GraphQLError('Rupiah must be an integer', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return v;
    },
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.INT)
        throw new GraphQLError('Rupiah must be an integer', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      const n = Number(ast.value);
      if (!Number.isSafeInteger(n))
        throw new GraphQLError('Rupiah out of range', { extensions: { code: 'BAD_USER_INPUT' } });
      return n;
    },
  }),
};
