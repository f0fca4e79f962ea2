import {
  GraphQLError,
  type ASTVisitor,
  type GraphQLFormattedError,
  type ValidationContext,
} from 'graphql';
import { OtherCode } from '../errors/messages';

/**
 * An operation whose type the schema lacks (`mutation { x }` while there is no Mutation type).
 * graphql 16 does not validate this, so it failed at execution as INTERNAL_SERVER_ERROR with
 * HTTP 200; as a validation error it is the client's mistake: HTTP 400, OPERATION_NOT_SUPPORTED.
 */
export class OperationNotSupportedError extends GraphQLError {
  constructor(
    readonly operation: 'mutation' | 'subscription',
    nodes: GraphQLError['nodes'],
  ) {
    super(`this gateway has no ${operation} operations`, {
      nodes,
      extensions: { code: OtherCode.OperationNotSupported, operation },
    });
    this.name = 'OperationNotSupportedError';
  }
}

/** Validation rule: refuses operations of a type the schema does not define. */
export function OperationTypeSupportedRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (node.operation === 'mutation' && !schema.getMutationType())
        context.reportError(new OperationNotSupportedError('mutation', [node]));
      if (node.operation === 'subscription' && !schema.getSubscriptionType())
        context.reportError(new OperationNotSupportedError('subscription', [node]));
    },
  };
}

/**
 * Presents the rule's error under its own code (Apollo wraps validation errors as
 * GRAPHQL_VALIDATION_FAILED, keeping ours as `originalError`); undefined for any other error.
 * Compose it before the gateway's `formatError`, like `formatSecurityError`.
 */
export function formatOperationNotSupported(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError | undefined {
  const original =
    error instanceof OperationNotSupportedError
      ? error
      : error instanceof GraphQLError && error.originalError instanceof OperationNotSupportedError
        ? error.originalError
        : undefined;
  if (!original) return undefined;
  return {
    message: original.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: OtherCode.OperationNotSupported, operation: original.operation },
  };
}
