import type { GraphQLResolveInfo } from 'graphql';
import { BadUserInputError } from '../errors';
import type { NodeResolvers, Resolvers, ResolversInterfaceTypes } from '../generated/graphql';
import { assertFieldAllowed } from '../security';
import type { GatewayContext } from './context';

/**
 * `Query.node` / `Query.nodes`: an opaque id back to its record, through the same per-request
 * loaders as the type's own lookup, so the same cache, limits, audit and breakers apply; and
 * only after the caller passed that lookup's `@requiresScope` (checked here, before any loader
 * runs, because `node` itself is open). The returned record's own field scopes apply as ever.
 */

type NodeRecord = ResolversInterfaceTypes<never>['Node'];

/** How an entity type is fetched again: the entry point whose policy applies, and the load. */
interface Refetch {
  entry: string;
  load(ctx: GatewayContext, key: string): Promise<NodeRecord | null | undefined>;
}

/** Most ids are sealed from several fields: split what `id` joined with `:`. */
const split = (key: string): [string, string] => {
  const at = key.lastIndexOf(':');
  return [key.slice(0, at), key.slice(at + 1)];
};

/** Every type that implements Node (tsc checks the table below covers each). */
type NodeType = NonNullable<Awaited<ReturnType<NodeTypeResolver>>>;
type NodeTypeResolver = Extract<NodeResolvers['__resolveType'], (...args: never[]) => unknown>;

const REFETCH: Readonly<Record<NodeType, Refetch>> = {
  Citizen: { entry: 'Query.citizen', load: (ctx, nik) => ctx.loaders.dukcapil.citizen.load(nik) },
  Family: { entry: 'Query.family', load: (ctx, kk) => ctx.loaders.dukcapil.family.load(kk) },
  TaxObject: { entry: 'Query.taxObject', load: (ctx, nop) => ctx.loaders.bpkd.taxObject.load(nop) },
  TaxBill: {
    entry: 'Query.taxObject',
    load: async (ctx, key) => {
      const [nop, year] = split(key);
      const object = await ctx.loaders.bpkd.taxObject.load(nop);
      return object?.bills.find((b) => String(b.year) === year) ?? null;
    },
  },
  WaterAccount: {
    entry: 'Query.waterAccount',
    load: (ctx, n) => ctx.loaders.pdam.account.load(n),
  },
  HealthInsurance: {
    entry: 'Query.healthInsurance',
    load: (ctx, card) => ctx.loaders['bpjs-kesehatan'].participantByCard.load(card),
  },
  EmploymentInsurance: {
    entry: 'Query.employmentInsurance',
    load: (ctx, kpj) => ctx.loaders['bpjs-ketenagakerjaan'].membershipByKpj.load(kpj),
  },
  PassportApplication: {
    entry: 'Query.passportApplication',
    load: (ctx, n) => ctx.loaders.imigrasi.application.load(n),
  },
  CustomsShipment: {
    entry: 'Query.customsShipment',
    load: (ctx, awb) => ctx.loaders['bea-cukai'].shipment.load(awb),
  },
  CustomsRegistration: {
    entry: 'Query.customsRegistration',
    load: (ctx, nib) => ctx.loaders['bea-cukai'].registrationByNib.load(nib),
  },
  JobSeekerCard: {
    entry: 'Query.jobSeekerCard',
    load: (ctx, nik) => ctx.loaders.disnaker.cardByNik.load(nik),
  },
  JobSeekerApplication: {
    entry: 'Query.jobSeekerApplication',
    load: (ctx, n) => ctx.loaders.disnaker.application.load(n),
  },
};

/** At most this many ids in one `nodes` call (each may cost an agency call). */
export const MAX_NODE_IDS = 50;

const isNodeType = (name: unknown): name is NodeType =>
  typeof name === 'string' && Object.hasOwn(REFETCH, name);

/** A record tagged with its type, for `Node.__resolveType` (loader results stay untouched). */
type Tagged = NodeRecord & { __typename: NodeType };

/** The record an id names and how to fetch it, once the caller passed its entry point's scopes. */
interface Resolved {
  type: NodeType;
  key: string;
  refetch: Refetch;
}

function resolveId(
  id: string,
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  argument: string,
): Resolved | undefined {
  const ref = ctx.ids.decode(id);
  if (!ref || !isNodeType(ref.type))
    throw new BadUserInputError('not an id issued by this gateway', argument);
  const refetch = REFETCH[ref.type];
  // The type's agency is not enabled here: its lookup does not exist, and neither does the record.
  if (!info.schema.getQueryType()?.getFields()[refetch.entry.slice('Query.'.length)])
    return undefined;
  assertFieldAllowed(info.schema, refetch.entry, ctx.caller);
  return { type: ref.type, key: ref.key, refetch };
}

async function load(ctx: GatewayContext, target: Resolved | undefined): Promise<Tagged | null> {
  if (!target) return null;
  const record = await target.refetch.load(ctx, target.key);
  return record ? { ...record, __typename: target.type } : null;
}

export const nodeResolvers: Resolvers = {
  Query: {
    node: (_root, { id }, ctx, info) => load(ctx, resolveId(id, ctx, info, 'id')),
    nodes: (_root, { ids }, ctx, info) => {
      if (ids.length > MAX_NODE_IDS)
        throw new BadUserInputError(`at most ${MAX_NODE_IDS} ids at once`, 'ids');
      // Every id is checked (issued here, scopes passed) before any agency is asked, like the
      // arguments of one lookup; the loads then run together (DataLoader batches them).
      const targets = ids.map((id, i) => resolveId(id, ctx, info, `ids[${i}]`));
      return Promise.all(targets.map((target) => load(ctx, target)));
    },
  },
  Node: {
    __resolveType: (record) =>
      '__typename' in record && isNodeType(record.__typename) ? record.__typename : null,
  },
};
