import type { ApolloServerPlugin } from '@apollo/server';
import { TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { PersonalDataRequiresPostError } from './errors';
import { readScopePolicy } from './scopes';

/**
 * Refuses a GET whose document selects any field that needs one of `personalDataScopes`
 * (PERSONAL_DATA_REQUIRES_POST, HTTP 405, `Allow: POST`), whatever headers came with it
 * (`apollo-require-preflight` included): the identifiers of such a query, in the URL, would
 * end up in proxy and ingress logs. Runs once the operation is resolved, before execution, so
 * no agency is asked anything.
 */
export function personalDataPostOnlyPlugin(
  personalDataScopes: readonly string[],
): ApolloServerPlugin {
  const personal = new Set(personalDataScopes);
  // The schema is fixed for the server's life: its personal-data fields are computed once.
  const fieldsBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();
  const personalFieldsOf = (schema: GraphQLSchema): ReadonlySet<string> => {
    let fields = fieldsBySchema.get(schema);
    if (!fields) {
      fields = new Set(
        [...readScopePolicy(schema)]
          .filter(([, policy]) => policy.scopes.some((s) => personal.has(s)))
          .map(([key]) => key),
      );
      fieldsBySchema.set(schema, fields);
    }
    return fields;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, schema, document }) {
          if (request.http?.method !== 'GET') return;
          if (selectsAny(schema, document, personalFieldsOf(schema)))
            throw new PersonalDataRequiresPostError();
        },
      };
    },
  };
}

/** Whether any field of the document (fragments included) is one of `fields` (`Type.field`). */
function selectsAny(
  schema: GraphQLSchema,
  document: DocumentNode,
  fields: ReadonlySet<string>,
): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && fields.has(`${parent.name}.${node.name.value}`)) found = true;
      },
    }),
  );
  return found;
}
