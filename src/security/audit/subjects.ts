import { subjectHash } from './record';

/**
 * Which data subjects a personal-data answer names. A NIK is the subject itself; the other
 * identifiers (NOP, PDAM customer number, BPJS card, KPJ, passport application) belong to a
 * person and are recorded as their own subject key, `HMAC(kind:value)`. When an answer ties
 * an identifier to a NIK (the entity carries the owner's NIK, or it was reached through a
 * citizen), the record also keeps the pair [HMAC(NIK), HMAC(kind:value)], so a person's
 * trail finds the lookups made by identifier alone. Never clear text: HMACs only.
 */

/** One identifier field of an entity, and the kind that namespaces its subject key. */
export interface IdentifierField {
  field: string;
  kind: string;
}

/** Options of the subject extraction (part of `AuditPluginOptions`). */
export interface SubjectRules {
  /** Identifier fields per GraphQL type name. Default: `DEFAULT_ENTITY_IDENTIFIERS`. */
  entities?: Readonly<Record<string, readonly IdentifierField[]>>;
  /** Argument names that are identifiers, with their kind. Default: `DEFAULT_ARGUMENT_KINDS`. */
  arguments?: Readonly<Record<string, string>>;
}

export const DEFAULT_ENTITY_IDENTIFIERS: Readonly<Record<string, readonly IdentifierField[]>> = {
  TaxObject: [{ field: 'nop', kind: 'nop' }],
  WaterAccount: [{ field: 'customerNumber', kind: 'pdam-customer' }],
  HealthInsurance: [{ field: 'cardNumber', kind: 'bpjs-kesehatan-card' }],
  EmploymentInsurance: [{ field: 'kpj', kind: 'kpj' }],
  PassportApplication: [{ field: 'applicationNumber', kind: 'passport-application' }],
};

export const DEFAULT_ARGUMENT_KINDS: Readonly<Record<string, string>> = {
  nop: 'nop',
  customerNumber: 'pdam-customer',
  cardNumber: 'bpjs-kesehatan-card',
  kpj: 'kpj',
  applicationNumber: 'passport-application',
};

const NIK = /^\d{16}$/;
export const normaliseNik = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const digits = value.replace(/[ .-]/g, '');
  return NIK.test(digits) ? digits : undefined;
};

/** Identifiers are compared without separators and case (`11.73...-0001.0` = `117...00010`). */
export const normaliseIdentifier = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const v = value.replace(/[\s.-]/g, '').toUpperCase();
  return v.length > 0 && v.length <= 64 ? v : undefined;
};

/** The subject key of an identifier of some kind (never the identifier itself). */
export const identifierSubject = (kind: string, value: string, secret: string): string =>
  subjectHash(`${kind}:${value}`, secret);

/** Collects the subjects and NIK-identifier links of one request. */
export class SubjectCollector {
  readonly subjects = new Set<string>();
  private readonly links = new Map<string, [string, string]>();
  private readonly entities: Readonly<Record<string, readonly IdentifierField[]>>;
  private readonly argumentKinds: Readonly<Record<string, string>>;

  constructor(
    private readonly secret: string,
    rules: SubjectRules = {},
  ) {
    this.entities = rules.entities ?? DEFAULT_ENTITY_IDENTIFIERS;
    this.argumentKinds = rules.arguments ?? DEFAULT_ARGUMENT_KINDS;
  }

  private nik(value: unknown): string | undefined {
    const nik = normaliseNik(value);
    if (!nik) return undefined;
    const s = subjectHash(nik, this.secret);
    this.subjects.add(s);
    return s;
  }

  private identifier(kind: string, value: unknown): string | undefined {
    const v = normaliseIdentifier(value);
    if (!v) return undefined;
    const s = identifierSubject(kind, v, this.secret);
    this.subjects.add(s);
    return s;
  }

  private link(nik: string | undefined, id: string | undefined): void {
    if (nik && id) this.links.set(`${nik}:${id}`, [nik, id]);
  }

  /** The arguments of a personal-data field: the identifiers asked for (even if the call failed). */
  fromArguments(args: Record<string, unknown>): void {
    this.nik(args['nik']);
    for (const [name, kind] of Object.entries(this.argumentKinds))
      this.identifier(kind, args[name]);
  }

  /**
   * A resolved value of type `typeName`, reached from `parent` (of `parentType`): its NIK, its
   * identifiers, and the links between them and to the parent's NIK.
   */
  fromResult(typeName: string, value: unknown, parent: unknown, argumentSubjects: string[]): void {
    const parentNik = this.nik(fieldOf(parent, 'nik'));
    for (const item of Array.isArray(value) ? value : [value]) {
      if (!item || typeof item !== 'object') continue;
      const owner = this.nik(fieldOf(item, 'nik')) ?? parentNik;
      const ids = (this.entities[typeName] ?? [])
        .map((f) => this.identifier(f.kind, fieldOf(item, f.field)))
        .filter((s): s is string => s !== undefined);
      for (const id of ids) this.link(owner, id);
      // A lookup by identifier answered with the owner's NIK ties the asked identifier too.
      if (owner) for (const s of argumentSubjects) if (s !== owner) this.link(owner, s);
    }
  }

  /**
   * The identifiers of the record a personal-data field was read from. A record reached by an
   * opaque id (`Query.node`) names its subject only here: no argument or parent field did.
   */
  fromSource(typeName: string, source: unknown): void {
    for (const f of this.entities[typeName] ?? [])
      this.identifier(f.kind, fieldOf(source, f.field));
  }

  /** The subjects of an argument set, without recording them (for `fromResult`). */
  argumentSubjects(args: Record<string, unknown>): string[] {
    const out: string[] = [];
    for (const [name, kind] of Object.entries(this.argumentKinds)) {
      const v = normaliseIdentifier(args[name]);
      if (v) out.push(identifierSubject(kind, v, this.secret));
    }
    return out;
  }

  linkPairs(): Array<[string, string]> {
    return [...this.links.values()].sort((a, b) => (a.join() < b.join() ? -1 : 1));
  }
}

function fieldOf(value: unknown, field: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
}
