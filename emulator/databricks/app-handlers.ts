/**
 * `/api/2.0/accounts/{account_id}/oauth2/custom-app-integrations[/{integration_id}]`
 * (databricks-api.md §1, §2, §7). Create answers `{integration_id, client_id, client_secret?}`;
 * the secret is stored only as a hash and never returned again. Update and delete answer `{}`.
 */
import { randomUUID } from "node:crypto";
import { parseCreateApp, parseUpdateApp } from "./app-validation";
import { appNameTaken, appNotFound, invalidParameter } from "./errors";
import { jsonBody, ok, type Handler, type HandlerContext } from "./handlers";
import { paginate } from "./pagination";
import { hashSecret, newNumericId, newSecret, timestamp, type StoredApp } from "./state";
import { toWireApp } from "./wire";
import type { WireCreateCustomAppIntegrationOutput, WireTokenAccessPolicy } from "./wire-types";
import { appExpiryField, appSecretExpiry } from "./secret-expiry";

/** `page_size` default per the list docs; the maximum is not documented. */
const PAGE = { defaultSize: 100, maxSize: 1000 };

/**
 * The server fills `absolute_session_lifetime_in_minutes` (terraform-provider-databricks marks it
 * Computed since v1.95.0, and zeroes it before a PATCH because the server returns it even when
 * single-use refresh tokens are off). The value it picks is not documented: inferred here as the
 * refresh-token TTL, else the account console's default refresh TTL (7 days).
 */
export const DEFAULT_ABSOLUTE_SESSION_MINUTES = 10_080;

function withServerDefaults(policy: WireTokenAccessPolicy): WireTokenAccessPolicy {
  if (policy.absolute_session_lifetime_in_minutes !== undefined) return policy;
  return {
    ...policy,
    absolute_session_lifetime_in_minutes:
      policy.refresh_token_ttl_in_minutes ?? DEFAULT_ABSOLUTE_SESSION_MINUTES,
  };
}

function requireApp({ store, params }: HandlerContext): StoredApp {
  const app = store.getApp(params[0]);
  if (!app) throw appNotFound(params[0]);
  return app;
}

/** The caller's principal id and user name, recorded as `created_by` / `creator_username`. */
function creator(ctx: HandlerContext): { id: number; name: string } {
  const { settings, store, callerClientId } = ctx;
  const sp = callerClientId ? store.principalByApplicationId(callerClientId) : undefined;
  if (sp) return { id: Number(sp.id), name: sp.applicationId };
  return { id: settings.adminPrincipalId, name: settings.admin.clientId };
}

export const createApp: Handler = (ctx) => {
  const input = parseCreateApp(jsonBody(ctx.body));
  const { store, settings } = ctx;
  if (settings.uniqueAppNames && store.listApps().some((a) => a.name === input.name)) {
    throw appNameTaken(input.name);
  }
  const who = creator(ctx);
  const secret = input.confidential ? newSecret() : undefined;
  const app: StoredApp = {
    integration_id: randomUUID(),
    client_id: randomUUID(),
    name: input.name,
    confidential: input.confidential,
    ...(input.redirect_urls !== undefined ? { redirect_urls: input.redirect_urls } : {}),
    scopes: input.scopes,
    ...(input.user_authorized_scopes !== undefined
      ? { user_authorized_scopes: input.user_authorized_scopes }
      : {}),
    ...(input.token_access_policy !== undefined
      ? { token_access_policy: withServerDefaults(input.token_access_policy) }
      : {}),
    create_time: timestamp(store.now()),
    created_by: who.id,
    creator_username: who.name,
    // Newest spec: the app's associated service principal (databricks-api.md §1).
    principal_id: newNumericId(),
    ...(secret !== undefined ? { client_secret_hash: hashSecret(secret) } : {}),
  };
  const expireMs = appSecretExpiry(settings.expiry, store.now(), secret !== undefined);
  if (expireMs !== undefined) app.client_secret_expire_ms = expireMs;
  store.putApp(app);
  const out: WireCreateCustomAppIntegrationOutput = {
    integration_id: app.integration_id,
    client_id: app.client_id,
    ...(secret !== undefined ? { client_secret: secret } : {}),
    principal_id: Number(app.principal_id),
    ...appExpiryField(app),
  };
  return ok(out);
};

const onGet = (ctx: HandlerContext, app: StoredApp) =>
  ctx.settings.expiry.appSecretExpiryOnGet ? appExpiryField(app) : {};

export const getApp: Handler = (ctx) => {
  const app = requireApp(ctx);
  return ok({ ...toWireApp(app), ...onGet(ctx, app) });
};

export const listApps: Handler = (ctx) => {
  const { store, query } = ctx;
  const withCreator = query.get("include_creator_username") === "true";
  // Newest spec only (sdk-py >= 0.123): substring match on name, client id or integration id.
  const keyword = query.get("search_keyword")?.toLowerCase();
  const apps = store
    .listApps()
    .filter(
      (a) =>
        !keyword ||
        [a.name ?? "", a.client_id, a.integration_id].some((v) =>
          v.toLowerCase().includes(keyword),
        ),
    );
  const page = paginate(apps, (a) => a.integration_id, query, PAGE);
  return ok({
    apps: page.items.map((a) => ({ ...toWireApp(a, withCreator), ...onGet(ctx, a) })),
    ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
  });
};

/** Lists replace; omitted fields stay; `name`/`confidential` are not updatable and are ignored. */
export const updateApp: Handler = (ctx) => {
  const app = requireApp(ctx);
  const patch = parseUpdateApp(jsonBody(ctx.body), app.scopes);
  const next: StoredApp = { ...app };
  if (patch.redirect_urls !== undefined) next.redirect_urls = patch.redirect_urls;
  if (patch.scopes !== undefined) next.scopes = patch.scopes;
  if (patch.user_authorized_scopes !== undefined) {
    next.user_authorized_scopes = patch.user_authorized_scopes;
  }
  if (patch.token_access_policy !== undefined) {
    next.token_access_policy = withServerDefaults(patch.token_access_policy);
  }
  // Replacing scopes alone must not orphan a stored user-authorized scope.
  const orphan = (next.user_authorized_scopes ?? []).find((s) => !(next.scopes ?? []).includes(s));
  if (orphan !== undefined) {
    throw invalidParameter(
      `user_authorized_scopes must be a subset of scopes; '${orphan}' is not in scopes`,
    );
  }
  ctx.store.putApp(next);
  return ok({});
};

export const deleteApp: Handler = (ctx) => {
  const app = requireApp(ctx);
  ctx.store.removeApp(app.integration_id);
  return ok({});
};
