/**
 * The expected `@requiresScope` placements of src/schema/*.graphql: the policy the tests hold
 * the SDL to (a placement lost in an SDL edit fails them).
 */
export const PLACEMENTS: Record<string, string[]> = {
  // Object types: every field of the type needs these, wherever the type is reached from.
  Citizen: ['dukcapil:read', 'pii:read'],
  Family: ['dukcapil:read', 'pii:read'],
  HealthInsurance: ['bpjs-kesehatan:read', 'pii:read'],
  EmploymentInsurance: ['bpjs-ketenagakerjaan:read', 'pii:read'],
  TaxObject: ['bpkd:read', 'pii:read'],
  WaterAccount: ['pdam:read', 'pii:read'],
  PassportApplication: ['imigrasi:read', 'pii:read'],
  // Entry points: checked before the resolver, hence before any loader, cache or agency call.
  'Query.citizen': ['dukcapil:read', 'pii:read'],
  'Query.family': ['dukcapil:read', 'pii:read'],
  'Query.healthInsurance': ['bpjs-kesehatan:read', 'pii:read'],
  'Query.healthInsuranceByNik': ['bpjs-kesehatan:read', 'pii:read'],
  'Query.employmentInsurance': ['bpjs-ketenagakerjaan:read', 'pii:read'],
  'Query.employmentInsuranceByNik': ['bpjs-ketenagakerjaan:read', 'pii:read'],
  'Query.taxObject': ['bpkd:read', 'pii:read'],
  'Query.waterAccount': ['pdam:read', 'pii:read'],
  'Query.passportApplication': ['imigrasi:read', 'pii:read'],
  'Query.passportApplicationsByNik': ['imigrasi:read', 'pii:read'],
  'Query.connectors': ['ops:read'],
  // Cross-agency edges of the citizen graph.
  'Citizen.healthInsurance': ['bpjs-kesehatan:read'],
  'Citizen.employmentInsurance': ['bpjs-ketenagakerjaan:read'],
  'Citizen.taxObjects': ['bpkd:read'],
  'Citizen.waterAccounts': ['pdam:read'],
  'Citizen.passportApplications': ['imigrasi:read'],
};
