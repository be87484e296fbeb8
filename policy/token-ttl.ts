/**
 * `posit-connect-token-ttl`: access and refresh token lifetimes above the maxima the security
 * team sets. Mandatory, but silent until a maximum is configured. An unset lifetime is a
 * violation once its maximum is configured, because Databricks' default when
 * token_access_policy is omitted is not documented.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TOKEN_TTL_RANGES } from "../provider/databricks/custom-app";
import { CUSTOM_APP, OAUTH_COMPONENT, insideComponent, knownNumber, who } from "./types";

const LIMITS = {
  accessTokenTtlInMinutes: "maxAccessTokenTtlInMinutes",
  refreshTokenTtlInMinutes: "maxRefreshTokenTtlInMinutes",
} as const;

export interface TokenTtlConfig {
  maxAccessTokenTtlInMinutes?: number;
  maxRefreshTokenTtlInMinutes?: number;
}

export const tokenTtl: ResourceValidationPolicy = {
  name: "posit-connect-token-ttl",
  description: "OAuth token lifetimes must not exceed the configured maxima.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      // Bounds are the Databricks API's own ranges (shared with the components' checks).
      maxAccessTokenTtlInMinutes: {
        type: "integer",
        minimum: TOKEN_TTL_RANGES.accessTokenTtlInMinutes[0],
        maximum: TOKEN_TTL_RANGES.accessTokenTtlInMinutes[1],
      },
      maxRefreshTokenTtlInMinutes: {
        type: "integer",
        minimum: TOKEN_TTL_RANGES.refreshTokenTtlInMinutes[0],
        maximum: TOKEN_TTL_RANGES.refreshTokenTtlInMinutes[1],
      },
    },
  },
  validateResource: (args, report) => {
    if (args.type === OAUTH_COMPONENT) {
      if (args.props.existingApp !== undefined) return; // no app registered here
    } else if (!(args.type === CUSTOM_APP && !insideComponent(args))) return;
    const cfg = args.getConfig<TokenTtlConfig>();
    const policy = (args.props.tokenAccessPolicy ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    for (const [field, limitKey] of Object.entries(LIMITS)) {
      const max = cfg[limitKey];
      if (max === undefined) continue;
      const raw = policy[field];
      const value = knownNumber(raw);
      if (raw === undefined) {
        problems.push(
          `tokenAccessPolicy.${field} is not set (Databricks' default is undocumented)`,
        );
      } else if (value !== undefined && value > max) {
        problems.push(`tokenAccessPolicy.${field} is ${value}, above ${limitKey} ${max}`);
      }
    }
    if (problems.length === 0) return;
    report(
      `${who(args)}: ${problems.join("; ")}. Fix: set tokenAccessPolicy with lifetimes within the ` +
        `configured maxima, e.g. { accessTokenTtlInMinutes: ${cfg.maxAccessTokenTtlInMinutes ?? 60}, ` +
        `refreshTokenTtlInMinutes: ${cfg.maxRefreshTokenTtlInMinutes ?? 10080} }.`,
    );
  },
};
