import type { ApolloServerPlugin } from '@apollo/server';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import type { Caller } from '../caller';
import { ForbiddenError, SecurityCode } from '../errors';
import { DEFAULT_PERSONAL_DATA_SCOPES, readScopePolicy, type ScopePolicy } from '../scopes';
import type { AuditEntry, AuditOutcome } from './record';
import { SubjectCollector, type SubjectRules } from './subjects';

/** Options of `auditPlugin`. */
export interface AuditPluginOptions<TContext> {
  /** Key of the subject HMAC (AUDIT_HMAC_SECRET). Required. */
  hmacSecret: string;
  /** Fields needing one of these scopes are personal data and audited. Default: `pii:read`. */
  personalDataScopes?: readonly string[];
  /** The caller of a request. Default: `context.caller`. */
  callerOf?: (context: TContext) => Caller | undefined;
  /** The request id. Default: `context.requestId`. */
  requestIdOf?: (context: TContext) => string | undefined;
  /**
   * When the record cannot be written: `withhold` answers 503 AUDIT_UNAVAILABLE instead of the
   * data (no unaudited personal-data disclosure); `serve` sends the data anyway. Default: `withhold`.
   */
  onFailure?: 'withhold' | 'serve';
  /** Told of each failed append (log it); must not throw. Default: nothing. */
  onError?: (err: unknown) => void;
  /** Clock. Default: `new Date()`. */
  now?: () => Date;
  /** Which entity fields and arguments are identifiers of a person. Default: subjects.ts. */
  subjects?: SubjectRules;
}

/** What the plugin writes to: any audit sink, or the spool log (`SpoolAuditLog`). */
export interface AuditAppender {
  append(entry: AuditEntry): Promise<unknown>;
}

/**
 * Writes one audit record per request that read (or was refused) personal data: who (client,
 * officer), why (purpose), what (operation, fields, connectors, HMAC'd subject NIKs), how it
 * ended. The record is written before the response leaves, so personal data is never
 * disclosed unaudited. Fields are personal data when their `@requiresScope` names one of
 * `personalDataScopes`; the policy is read from the served schema at start.
 */
export function auditPlugin<TContext>(
  sink: AuditAppender,
  options: AuditPluginOptions<TContext>,
): ApolloServerPlugin<TContext & object> {
  const personal = new Set(options.personalDataScopes ?? DEFAULT_PERSONAL_DATA_SCOPES);
  const callerOf =
    options.callerOf ?? ((c: TContext) => (c as { caller?: Caller } | undefined)?.caller);
  const requestIdOf =
    options.requestIdOf ?? ((c: TContext) => (c as { requestId?: string } | undefined)?.requestId);
  const now = options.now ?? (() => new Date());
  let audited = new Map<string, readonly string[]>();

  const setPolicy = (policy: ScopePolicy) => {
    audited = new Map();
    for (const [field, rule] of policy) {
      if (rule.scopes.some((s) => personal.has(s))) audited.set(field, rule.connectors);
    }
  };

  return {
    async serverWillStart({ schema }) {
      setPolicy(readScopePolicy(schema));
    },
    async requestDidStart() {
      const fields = new Set<string>();
      const denied = new Set<string>();
      const failed = new Set<string>();
      const subjects = new SubjectCollector(options.hmacSecret, options.subjects);
      const connectors = new Set<string>();
      return {
        async executionDidStart() {
          return {
            willResolveField({ source, args, info }) {
              const key = fieldKey(info);
              const fieldConnectors = audited.get(key);
              if (!fieldConnectors) return undefined;
              const fieldArgs = args as Record<string, unknown>;
              subjects.fromArguments(fieldArgs);
              return (error, result) => {
                if (error) {
                  const original = (error as { originalError?: unknown }).originalError ?? error;
                  if (original instanceof ForbiddenError) denied.add(key);
                  else {
                    // The call was attempted: the identifier left the gateway. Record it.
                    failed.add(key);
                    for (const c of fieldConnectors) connectors.add(c);
                  }
                  return;
                }
                fields.add(key);
                for (const c of fieldConnectors) connectors.add(c);
                subjects.fromSource(info.parentType.name, source);
                subjects.fromResult(
                  getNamedType(info.returnType).name,
                  result,
                  source,
                  subjects.argumentSubjects(fieldArgs),
                );
              };
            },
          };
        },
        async willSendResponse({ response, contextValue, operationName }) {
          if (fields.size === 0 && denied.size === 0 && failed.size === 0) return;
          const caller = callerOf(contextValue);
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const entry: AuditEntry = {
            time: now().toISOString(),
            requestId: requestIdOf(contextValue) ?? 'unknown',
            // The namespaced identity: a token's client never passes for the API-key client of that id.
            clientId: caller?.identity ?? 'unknown',
            tenant: caller?.tenant,
            officerId: caller?.officerId ?? null,
            purpose: caller?.purpose ?? null,
            operation: operationName ?? null,
            subjects: [...subjects.subjects].sort(),
            connectors: [...connectors].sort(),
            fields: [...fields].sort(),
            denied: [...denied].sort(),
            outcome: outcomeOf(
              fields.size + failed.size,
              failed.size > 0 || (body?.errors?.length ?? 0) > 0,
              fields.size > 0 && body?.data != null,
            ),
          };
          // Only when present, so records of requests without them hash as before.
          if (failed.size > 0) entry.failed = [...failed].sort();
          const links = subjects.linkPairs();
          if (links.length > 0) entry.links = links;
          try {
            await sink.append(entry);
          } catch (err) {
            try {
              options.onError?.(err);
            } catch {
              /* the observer must not change the outcome */
            }
            if ((options.onFailure ?? 'withhold') === 'withhold' && body) {
              response.body = {
                kind: 'single',
                singleResult: {
                  errors: [
                    {
                      message:
                        'the audit log could not record this personal-data access, so the data is withheld; retry later',
                      extensions: { code: SecurityCode.AuditUnavailable },
                    },
                  ],
                },
              };
              response.http.status = 503;
            }
          }
        },
      };
    },
  };
}

const fieldKey = (info: GraphQLResolveInfo) => `${info.parentType.name}.${info.fieldName}`;

function outcomeOf(readCount: number, hasErrors: boolean, hasData: boolean): AuditOutcome {
  if (readCount === 0) return 'denied';
  if (!hasErrors) return 'ok';
  return hasData ? 'partial' : 'error';
}
