/**
 * The security settings' types. They are read, with every other setting, by `loadConfig`
 * (src/config); this module only re-exports them for the security layer.
 */
import {
  loadSecurityConfig as loadSection,
  scopesOf,
  type ScopeSource,
  type SecurityConfig,
} from '../config';

export {
  sha256Hex,
  type ApiClient,
  type DevCredentials,
  type JwtSettings,
  type PersistedQueryMode,
  type SecurityConfig,
} from '../config';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The security section alone, for tests and tools that build a gateway piece by piece
 * (production when NODE_ENV=production). The gateway gets it from `loadConfig(...).security`;
 * `connectors` (key, writes) name the connector scopes (the security layer never loads the registry).
 */
export function loadSecurityConfig(env: Env, connectors: readonly ScopeSource[]): SecurityConfig {
  return loadSection(env, scopesOf(connectors));
}
