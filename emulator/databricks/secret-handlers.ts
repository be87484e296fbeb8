/**
 * Service-principal OAuth secrets,
 * `/api/2.0/accounts/{account_id}/servicePrincipals/{service_principal_id}/credentials/secrets`
 * (databricks-sdk-go @ 1ff3c785 `service/oauth2/impl.go` servicePrincipalSecretsImpl; shapes in
 * `service/oauth2/model.go`). Create returns the secret once; the list carries `secret_hash`
 * only. `lifetime` is a duration in seconds, default 730 days; `expire_time` is set from it. The
 * REST reference (docs.databricks.com/api/authentication/v1/create-service-principal-secret)
 * sends "31536000s" (protobuf Duration JSON, which requires the `s`); a bare "86400", as in the CLI
 * reference examples, is rejected as Databricks rejects it. Optional `scopes` are stored and
 * answered on create and list. The per-principal limit and
 * which secrets a listing shows are switches in secret-expiry.ts; the error text is the emulator's own.
 */
import { randomBytes } from "node:crypto";
import { parseSecretScopes } from "./app-validation";
import { invalidParameter, restError } from "./errors";
import { ok, optionalJsonBody, type Handler, type HandlerContext } from "./handlers";
import { paginate } from "./pagination";
import { hashSecret, newSecret, timestamp, type StoredSecret } from "./state";
import { toWireSecret } from "./wire";
import type { WireCreateSecretResponse } from "./wire-types";
import { listedSecrets, secretLimitReached } from "./secret-expiry";

/** CreateServicePrincipalSecretRequest: "default lifetime of 730 days (63072000s)". */
export const DEFAULT_SECRET_LIFETIME_SECONDS = 63_072_000;
const PAGE = { defaultSize: 100, maxSize: 1000 };

function requirePrincipalId({ store, params }: HandlerContext): string {
  if (!store.getPrincipal(params[0])) {
    throw restError(
      404,
      "RESOURCE_DOES_NOT_EXIST",
      `Service principal ${params[0]} does not exist`,
    );
  }
  return params[0];
}

/** Protobuf Duration JSON ("3600s", "1.5s"): the `s` unit is required. */
function parseLifetime(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_SECRET_LIFETIME_SECONDS;
  const match = typeof value === "string" ? /^(\d+)(?:\.(\d{1,9}))?s$/.exec(value) : null;
  if (!match) {
    throw invalidParameter(
      `lifetime must be a duration in seconds such as "3600s", got ${JSON.stringify(value)}`,
    );
  }
  const seconds = Number(match[1]) + Number(`0.${match[2] ?? "0"}`);
  if (seconds <= 0 || seconds > DEFAULT_SECRET_LIFETIME_SECONDS) {
    throw invalidParameter(
      `lifetime must be more than 0s and at most ${DEFAULT_SECRET_LIFETIME_SECONDS}s (730 days)`,
    );
  }
  return seconds;
}

export const createSecret: Handler = (ctx) => {
  const principalId = requirePrincipalId(ctx);
  const body = optionalJsonBody(ctx.body);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidParameter("Request body must be a JSON object");
  }
  const lifetime = parseLifetime((body as Record<string, unknown>).lifetime);
  const scopes = parseSecretScopes((body as Record<string, unknown>).scopes);
  const { store } = ctx;
  const full = secretLimitReached(
    principalId,
    store.secretsOf(principalId),
    ctx.settings.expiry,
    store.now(),
  );
  if (full) throw restError(400, "QUOTA_EXCEEDED", full);
  const now = store.now();
  const secret = newSecret();
  const stored: StoredSecret = {
    // Ids look like 64 hex digits in the REST reference's example.
    id: randomBytes(32).toString("hex"),
    service_principal_id: principalId,
    secret_hash: hashSecret(secret),
    create_time: timestamp(now),
    update_time: timestamp(now),
    expire_ms: now + Math.round(lifetime * 1000),
    ...(scopes !== undefined ? { scopes } : {}),
  };
  store.putSecret(stored);
  const response: WireCreateSecretResponse = { ...toWireSecret(stored, now), secret };
  return ok(response);
};

export const listSecrets: Handler = (ctx) => {
  const principalId = requirePrincipalId(ctx);
  const now = ctx.store.now();
  const listed = listedSecrets(ctx.store.secretsOf(principalId), ctx.settings.expiry, now);
  const page = paginate(listed, (s) => s.id, ctx.query, PAGE);
  return ok({
    ...(page.items.length > 0 ? { secrets: page.items.map((s) => toWireSecret(s, now)) } : {}),
    ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
  });
};

export const deleteSecret: Handler = (ctx) => {
  const principalId = requirePrincipalId(ctx);
  const secretId = ctx.params[1];
  if (!ctx.store.removeSecret(principalId, secretId)) {
    throw restError(404, "RESOURCE_DOES_NOT_EXIST", `Secret ${secretId} does not exist`);
  }
  return ok({});
};
