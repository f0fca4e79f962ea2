// Public surface of the security layer: access control, personal-data protection and abuse limits.
export type { Caller } from './caller';
export { authenticate, HEADERS, type HeaderSource } from './auth';
export {
  loadSecurityConfig,
  sha256Hex,
  type ApiClient,
  type DevCredentials,
  type JwtSettings,
  type PersistedQueryMode,
  type SecurityConfig,
} from './config';
export {
  AuthenticationError,
  ForbiddenError,
  formatSecurityError,
  OperationNotAllowedError,
  PersonalDataRequiresPostError,
  QueryLimitError,
  RateLimitedError,
  SecurityCode,
  SecurityHeaderError,
} from './errors';
export {
  applyScopeDirective,
  DEFAULT_PERSONAL_DATA_SCOPES,
  readScopePolicy,
  uncoveredRootFields,
  assertFieldAllowed,
  type ScopeDirectiveOptions,
} from './scopes';
export {
  DEFAULT_QUERY_LIMITS,
  queryLimits,
  type QueryLimitOptions,
  type QueryLimits,
} from './limits';
export {
  enforceRateLimit,
  MemoryRateLimiter,
  RedisRateLimiter,
  type BucketPolicy,
  type RateLimiter,
  type RateLimitDecision,
} from './rate-limit';
export {
  allowListGate,
  allowListPlugin,
  isPersistableDocument,
  loadManifest,
  manifestCache,
  MemoryKeyValueCache,
  privacySafeCache,
  RedisKeyValueCache,
  sha256,
  type KeyValueCache,
  type PersistedManifest,
} from './persisted';
export { auditPlugin, type AuditPluginOptions } from './audit/plugin';
export { FileAuditSink } from './audit/file-sink';
export { RedisAuditSink } from './audit/redis-sink';
export {
  subjectHash,
  verifyChain,
  type AuditEntry,
  type AuditRecord,
  type AuditSink,
} from './audit/record';
export { processingTrail, processingTrailResolvers, securityTypeDefs } from './audit/trail';
export { createSecurityLayer, type SecurityLayer, type SecurityLayerDeps } from './setup';
export { personalDataPostOnlyPlugin } from './post-only';
export {
  clientAddressResolver,
  type ClientAddressResolver,
  type RequestOrigin,
} from './client-address';
export { FailureThrottle, type FailureThrottleOptions } from './failure-throttle';
