import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLFieldConfig,
  type GraphQLSchema,
} from 'graphql';
import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import type { Caller } from './caller';
import { ForbiddenError } from './errors';

/** Scopes that mark personal data: reading a field that needs one is audited and needs a purpose. */
export const DEFAULT_PERSONAL_DATA_SCOPES: readonly string[] = ['pii:read'];

/** The directive's name in SDL. */
export const SCOPE_DIRECTIVE = 'requiresScope';

/**
 * The policy of one field: the scopes it needs (its type's and its own, all required) and the
 * connector scopes among them (the field's own when it names any, else its type's), for audit.
 */
export interface FieldPolicy {
  scopes: readonly string[];
  connectors: readonly string[];
}

/** Field policies by `Type.field`, read from `@requiresScope` on object types and fields. */
export type ScopePolicy = ReadonlyMap<string, FieldPolicy>;

const connectorOf = (scope: string): string | undefined => {
  const m = /^([a-z0-9-]+):(?:read|write)$/.exec(scope);
  return m && m[1] !== 'pii' && m[1] !== 'ops' && m[1] !== 'audit' ? m[1] : undefined;
};

function scopesOn(schema: GraphQLSchema, node: Parameters<typeof getDirective>[1]): string[] {
  const uses = getDirective(schema, node, SCOPE_DIRECTIVE) ?? [];
  return uses.flatMap((u) => (Array.isArray(u['scopes']) ? (u['scopes'] as string[]) : []));
}

/** Reads every field's policy from the schema's `@requiresScope` uses. */
export function readScopePolicy(schema: GraphQLSchema): ScopePolicy {
  const policy = new Map<string, FieldPolicy>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeScopes = scopesOn(schema, type);
    for (const field of Object.values(type.getFields())) {
      const own = scopesOn(schema, field);
      const scopes = [...new Set([...typeScopes, ...own])];
      if (scopes.length === 0) continue;
      const ownConnectors = own.map(connectorOf).filter((c): c is string => !!c);
      const connectors =
        ownConnectors.length > 0
          ? ownConnectors
          : typeScopes.map(connectorOf).filter((c): c is string => !!c);
      policy.set(`${type.name}.${field.name}`, { scopes, connectors: [...new Set(connectors)] });
    }
  }
  return policy;
}

/** Options of `applyScopeDirective`. */
export interface ScopeDirectiveOptions<TContext> {
  /** The caller of a request. Default: `context.caller`. */
  callerOf?: (context: TContext) => Caller | undefined;
  /**
   * Scopes whose fields also need the acting officer and the purpose (service case id).
   * Default: `DEFAULT_PERSONAL_DATA_SCOPES` (`pii:read`).
   */
  purposeRequiredScopes?: readonly string[];
}

const defaultCallerOf = (context: unknown): Caller | undefined =>
  (context as { caller?: Caller } | undefined)?.caller;

/**
 * Wraps the resolver of every field that needs scopes (through `@requiresScope` on the field
 * or its object type) so the check runs first: a refused field is null with FORBIDDEN and its
 * resolver, hence any loader, cache read or agency call, never runs. Fields with no directive
 * are left exactly as they are.
 */
export function applyScopeDirective<TContext = unknown>(
  schema: GraphQLSchema,
  options: ScopeDirectiveOptions<TContext> = {},
): GraphQLSchema {
  const policy = readScopePolicy(schema);
  const callerOf = options.callerOf ?? (defaultCallerOf as (c: TContext) => Caller | undefined);
  const purposeScopes = new Set(options.purposeRequiredScopes ?? DEFAULT_PERSONAL_DATA_SCOPES);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (
      fieldConfig: GraphQLFieldConfig<unknown, TContext>,
      fieldName: string,
      typeName: string,
    ) => {
      const rule = policy.get(`${typeName}.${fieldName}`);
      if (!rule) return fieldConfig;
      const needsPurpose = rule.scopes.some((s) => purposeScopes.has(s));
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      return {
        ...fieldConfig,
        resolve: (source, args, context, info) => {
          checkCaller(callerOf(context), rule.scopes, needsPurpose, `${typeName}.${fieldName}`);
          return resolve(source, args, context, info);
        },
      };
    },
  });
}

function checkCaller(
  caller: Caller | undefined,
  scopes: readonly string[],
  needsPurpose: boolean,
  field: string,
): void {
  const missing = scopes.filter((s) => !caller?.scopes.has(s));
  if (missing.length > 0) {
    throw new ForbiddenError(
      `this client may not read ${field} (missing scope ${missing.join(', ')})`,
      'MISSING_SCOPE',
      missing,
    );
  }
  if (needsPurpose && (!caller?.officerId || !caller.purpose)) {
    throw new ForbiddenError(
      `reading ${field} is personal-data processing: send the acting officer (x-officer-id) and the ` +
        'purpose, a service case id (x-purpose)',
      'PURPOSE_REQUIRED',
    );
  }
}

const policies = new WeakMap<GraphQLSchema, ScopePolicy>();

/**
 * Checks `caller` against the policy of another field (`Type.field`) of `schema`, as if that
 * field were being read: for resolvers that reach an entity by another road (`Query.node`)
 * and must ask exactly what its own entry point asks, before any loader runs.
 */
export function assertFieldAllowed(
  schema: GraphQLSchema,
  field: string,
  caller: Caller | undefined,
  purposeRequiredScopes: readonly string[] = DEFAULT_PERSONAL_DATA_SCOPES,
): void {
  let policy = policies.get(schema);
  if (!policy) {
    policy = readScopePolicy(schema);
    policies.set(schema, policy);
  }
  const rule = policy.get(field);
  // A field without a policy is an error of the caller's table, not a free pass.
  if (!rule) throw new Error(`no @requiresScope policy on ${field}`);
  const needsPurpose = rule.scopes.some((s) => purposeRequiredScopes.includes(s));
  checkCaller(caller, rule.scopes, needsPurpose, field);
}

/**
 * Root fields with no `@requiresScope` (on the field or the root type), except the public ones:
 * a start-up check that a new connector's entry points did not forget their policy.
 */
export function uncoveredRootFields(
  schema: GraphQLSchema,
  // node/nodes check the entry point of the entity an id names (`assertFieldAllowed`).
  publicFields: readonly string[] = ['Query.gatewayVersion', 'Query.node', 'Query.nodes'],
): string[] {
  const policy = readScopePolicy(schema);
  const out: string[] = [];
  for (const root of [
    schema.getQueryType(),
    schema.getMutationType(),
    schema.getSubscriptionType(),
  ]) {
    if (!root) continue;
    for (const name of Object.keys(root.getFields())) {
      const key = `${root.name}.${name}`;
      if (!policy.has(key) && !publicFields.includes(key)) out.push(key);
    }
  }
  return out;
}
