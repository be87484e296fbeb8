/**
 * The Databricks side: a custom OAuth app (account level) registered for Posit Connect and,
 * optionally, Posit Workbench. Replaces `databricks account custom-app-integration create`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as databricks from "@pulumi/databricks";

/**
 * Scopes Posit's Databricks guide registers: all-apis and sql for data access,
 * offline_access for refresh tokens, openid/profile/email for the ID token.
 * https://docs.posit.co/connect/admin/integrations/oauth-integrations/databricks/
 */
export const DEFAULT_SCOPES: readonly string[] = [
  "all-apis",
  "sql",
  "offline_access",
  "openid",
  "profile",
  "email",
];

/** Connect's OAuth callback path, appended to the Connect base URL. */
export const CONNECT_CALLBACK_PATH = "/__oauth__/integrations/callback";
/** Workbench's OAuth callback path, appended to the Workbench base URL. */
export const WORKBENCH_CALLBACK_PATH = "/oauth_redirect_callback";

/** Token lifetimes; ranges are the Databricks API's (databricks-api.md, TokenAccessPolicy). */
export interface TokenAccessPolicy {
  /** 5 to 1440 minutes. */
  accessTokenTtlInMinutes?: number;
  /** 5 to 129600 minutes (90 days); not shorter than the access token's. */
  refreshTokenTtlInMinutes?: number;
}

export const TOKEN_TTL_RANGES = {
  accessTokenTtlInMinutes: [5, 1440],
  refreshTokenTtlInMinutes: [5, 129600],
} as const;

/** Redirect URLs in a stable order, without duplicates. */
export function redirectUrls(
  connectUrl: string,
  workbenchUrl?: string,
  extra: readonly string[] = [],
): string[] {
  const urls = [`${trimSlash(connectUrl)}${CONNECT_CALLBACK_PATH}`];
  if (workbenchUrl) urls.push(`${trimSlash(workbenchUrl)}${WORKBENCH_CALLBACK_PATH}`);
  urls.push(...extra);
  return [...new Set(urls)];
}

const trimSlash = (u: string) => u.replace(/\/+$/, "");

export interface CustomAppArgs {
  name: pulumi.Input<string>;
  confidential: boolean;
  redirectUrls: pulumi.Input<string[]>;
  scopes: pulumi.Input<pulumi.Input<string>[]>;
  tokenAccessPolicy?: TokenAccessPolicy;
}

/** Declares the app. `opts` must carry an account-level Databricks provider (or inherit one). */
export function declareCustomApp(
  resourceName: string,
  args: CustomAppArgs,
  opts: pulumi.CustomResourceOptions,
): databricks.CustomAppIntegration {
  return new databricks.CustomAppIntegration(
    resourceName,
    {
      name: args.name,
      confidential: args.confidential,
      redirectUrls: args.redirectUrls,
      scopes: args.scopes,
      tokenAccessPolicy: args.tokenAccessPolicy,
    },
    opts,
  );
}
