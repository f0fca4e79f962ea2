import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { QueryLimitError } from './errors';

/** Limits on one operation. Every refusal is `QUERY_LIMIT_EXCEEDED` with the limit, max and actual. */
export interface QueryLimitOptions {
  /** Deepest field nesting (root fields are depth 1; introspection fields not counted). Default: 10. */
  maxDepth?: number;
  /** Aliased fields in the document. Default: 15. */
  maxAliases?: number;
  /** Root fields of the operation (after expanding fragments). Default: 10. */
  maxRootFields?: number;
  /** Lexical tokens of the document (graphql-js parser option). Default: 2000. */
  maxTokens?: number;
  /**
   * Estimated cost: every object field costs its `fieldCosts` weight (default 1, scalars 0)
   * plus its selections, times the list size for list fields. Default: 1000.
   */
  maxCost?: number;
  /** Size assumed for a list field in the cost estimate. Default: 5 (a family, a few tax objects). */
  assumedListSize?: number;
  /** Elements of a list argument or variable (literal or in variables). Default: 100. */
  maxListLength?: number;
  /** Weights by `Type.field` for fields that are dearer than 1 (each agency call, say). Default: none. */
  fieldCosts?: Readonly<Record<string, number>>;
}

export const DEFAULT_QUERY_LIMITS: Readonly<Required<QueryLimitOptions>> = Object.freeze({
  maxDepth: 10,
  maxAliases: 15,
  maxRootFields: 10,
  maxTokens: 2000,
  maxCost: 1000,
  assumedListSize: 5,
  maxListLength: 100,
  fieldCosts: {},
});

/** What Apollo Server needs: `validationRules`, `parseOptions` and a plugin checking variables. */
export interface QueryLimits {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  plugin: ApolloServerPlugin;
}

/**
 * Limits on hostile operations. The parser stops at `maxTokens`; one validation rule measures
 * the operation with its fragments expanded (each fragment measured once, so a fragment bomb
 * costs linear time, and cycles are cut: NoFragmentCycles reports them); the plugin bounds
 * list variables, which validation cannot see.
 */
export function queryLimits(options: QueryLimitOptions = {}): QueryLimits {
  const o: Required<QueryLimitOptions> = { ...DEFAULT_QUERY_LIMITS, ...options };
  return {
    validationRules: [limitsRule(o)],
    parseOptions: { maxTokens: o.maxTokens },
    plugin: {
      async requestDidStart() {
        return {
          async didResolveOperation({ request }) {
            checkVariables(request.variables, o.maxListLength);
          },
        };
      },
    },
  };
}

interface Measure {
  depth: number;
  cost: number;
}

function limitsRule(o: Required<QueryLimitOptions>): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    const fragmentMemo = new Map<string, Measure>();
    const visiting = new Set<string>();

    const measure = (set: SelectionSetNode, parent: GraphQLCompositeType): Measure => {
      let depth = 0;
      let cost = 0;
      for (const sel of set.selections) {
        let m: Measure;
        if (sel.kind === Kind.FIELD) m = measureField(sel, parent);
        else if (sel.kind === Kind.INLINE_FRAGMENT) {
          const t = sel.typeCondition
            ? context.getSchema().getType(sel.typeCondition.name.value)
            : parent;
          m = t && isCompositeType(t) ? measure(sel.selectionSet, t) : { depth: 0, cost: 0 };
        } else m = measureFragment(context.getFragment(sel.name.value));
        depth = Math.max(depth, m.depth);
        cost += m.cost;
      }
      return { depth, cost };
    };

    const measureFragment = (fragment: FragmentDefinitionNode | null | undefined): Measure => {
      if (!fragment) return { depth: 0, cost: 0 };
      const name = fragment.name.value;
      const known = fragmentMemo.get(name);
      if (known) return known;
      if (visiting.has(name)) return { depth: 0, cost: 0 };
      visiting.add(name);
      const t = context.getSchema().getType(fragment.typeCondition.name.value);
      const m = t && isCompositeType(t) ? measure(fragment.selectionSet, t) : { depth: 0, cost: 0 };
      visiting.delete(name);
      fragmentMemo.set(name, m);
      return m;
    };

    const measureField = (node: FieldNode, parent: GraphQLCompositeType): Measure => {
      const name = node.name.value;
      // Introspection is switched off in production; in development its deep TypeRef
      // fragment must not be refused, so it is not measured.
      if (name.startsWith('__')) return { depth: 0, cost: 0 };
      const def: GraphQLField<unknown, unknown> | undefined =
        isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!def) return { depth: 1, cost: 0 };
      const named = getNamedType(def.type);
      const child =
        node.selectionSet && isCompositeType(named)
          ? measure(node.selectionSet, named)
          : { depth: 0, cost: 0 };
      const weight = o.fieldCosts[`${parent.name}.${name}`] ?? (isCompositeType(named) ? 1 : 0);
      const many = isListType(getNullableType(def.type)) ? o.assumedListSize : 1;
      return { depth: 1 + child.depth, cost: many * (weight + child.cost) };
    };

    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      ListValue(node) {
        if (node.values.length > o.maxListLength)
          context.reportError(
            new QueryLimitError(
              `a list argument has ${node.values.length} elements; at most ${o.maxListLength} are allowed`,
              'listLength',
              o.maxListLength,
              node.values.length,
              { nodes: [node] },
            ),
          );
      },
      Document: {
        leave(doc) {
          if (aliases > o.maxAliases)
            context.reportError(
              new QueryLimitError(
                `the document has ${aliases} aliases; at most ${o.maxAliases} are allowed`,
                'aliases',
                o.maxAliases,
                aliases,
              ),
            );
          for (const op of doc.definitions) {
            if (op.kind !== Kind.OPERATION_DEFINITION) continue;
            const root = context.getSchema().getRootType(op.operation);
            if (!root) continue;
            const rootFields = countRootFields(op.selectionSet, context);
            if (rootFields > o.maxRootFields)
              context.reportError(
                new QueryLimitError(
                  `the operation selects ${rootFields} root fields; at most ${o.maxRootFields} are allowed`,
                  'rootFields',
                  o.maxRootFields,
                  rootFields,
                  { nodes: [op] },
                ),
              );
            const m = measure(op.selectionSet, root);
            if (m.depth > o.maxDepth)
              context.reportError(
                new QueryLimitError(
                  `the operation is ${m.depth} fields deep; at most ${o.maxDepth} are allowed`,
                  'depth',
                  o.maxDepth,
                  m.depth,
                  { nodes: [op] },
                ),
              );
            if (m.cost > o.maxCost)
              context.reportError(
                new QueryLimitError(
                  `the operation's estimated cost is ${m.cost}; at most ${o.maxCost} is allowed`,
                  'cost',
                  o.maxCost,
                  m.cost,
                  { nodes: [op] },
                ),
              );
          }
        },
      },
    };
  };
}

function countRootFields(
  set: SelectionSetNode,
  context: ValidationContext,
  seen = new Set<string>(),
): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += sel.name.value.startsWith('__') ? 0 : 1;
    else if (sel.kind === Kind.INLINE_FRAGMENT)
      n += countRootFields(sel.selectionSet, context, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const f = context.getFragment(sel.name.value);
      if (f) n += countRootFields(f.selectionSet, context, seen);
    }
  }
  return n;
}

/** Bounds list variables (length) and nesting, which validation rules cannot see. */
function checkVariables(variables: Record<string, unknown> | undefined, maxList: number): void {
  const walk = (value: unknown, depth: number): void => {
    if (depth > 20)
      throw new QueryLimitError(
        'variables are nested more than 20 levels deep',
        'variables',
        20,
        depth,
      );
    if (Array.isArray(value)) {
      if (value.length > maxList)
        throw new QueryLimitError(
          `a list variable has ${value.length} elements; at most ${maxList} are allowed`,
          'listLength',
          maxList,
          value.length,
        );
      for (const v of value) walk(v, depth + 1);
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) walk(v, depth + 1);
    }
  };
  walk(variables, 0);
}
