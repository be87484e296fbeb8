/**
 * `databricks:index/customAppIntegration:CustomAppIntegration`, as @pulumi/databricks 1.110.0
 * declares it. Where the facts come from (read, not copied):
 * - property names, types and the secret output: the published SDK
 *   (node_modules/@pulumi/databricks/customAppIntegration.d.ts and types/input.d.ts
 *   `CustomAppIntegrationTokenAccessPolicy`; `additionalSecretOutputs: ["clientSecret"]`),
 *   the same as pulumi/pulumi-databricks sdk/nodejs/customAppIntegration.ts at tag v1.106.0;
 *   `tokenAccessPolicy` is one object (provider/cmd/pulumi-resource-databricks/
 *   bridge-metadata.json: token_access_policy maxItemsOne);
 * - Optional/Computed/ForceNew/Sensitive and the TTL ranges: terraform-provider-databricks
 *   apps/resource_custom_app_integration.go (client_id, create_time, created_by,
 *   creator_username, integration_id Computed; confidential and name ForceNew; client_secret
 *   Sensitive+Computed; access_token_ttl_in_minutes 5..1440, refresh_token_ttl_in_minutes
 *   5..129600; absolute_session_lifetime_in_minutes Computed and zeroed before a PATCH unless
 *   single-use refresh tokens are on);
 * - autonaming of `name`: pulumi-databricks provider/resources.go `SetAutonaming(255, "-")`;
 * - the requests: databricks-api.md §1–§2 (POST/GET/PATCH/DELETE
 *   /api/2.0/accounts/{account_id}/oauth2/custom-app-integrations[/{integration_id}]; PATCH takes
 *   only redirect_urls, scopes, token_access_policy, user_authorized_scopes; Go clients omit
 *   empty values, so neither does this).
 */
import type { AccountApi } from "../account-api";
import { DEFAULTS_KEY } from "../lifecycle";
import type { PropertySpec, ResourceModule } from "../resource-module";
import type { Json, Props } from "../values";

const range =
  (min: number, max: number) =>
  (v: Json, path: string): string | undefined =>
    typeof v === "number" && (v < min || v > max)
      ? `expected ${path} to be in the range (${min} - ${max}), got ${v}`
      : undefined;

const TOKEN_ACCESS_POLICY: Record<string, PropertySpec> = {
  accessTokenTtlInMinutes: {
    wire: "access_token_ttl_in_minutes",
    type: "integer",
    input: true,
    validate: range(5, 1440),
  },
  refreshTokenTtlInMinutes: {
    wire: "refresh_token_ttl_in_minutes",
    type: "integer",
    input: true,
    validate: range(5, 129600),
  },
  enableSingleUseRefreshTokens: {
    wire: "enable_single_use_refresh_tokens",
    type: "boolean",
    input: true,
  },
  absoluteSessionLifetimeInMinutes: {
    wire: "absolute_session_lifetime_in_minutes",
    type: "integer",
    input: true,
    computed: true,
  },
};

const PROPERTIES: Record<string, PropertySpec> = {
  name: { wire: "name", type: "string", input: true, forceNew: true },
  confidential: { wire: "confidential", type: "boolean", input: true, forceNew: true },
  redirectUrls: { wire: "redirect_urls", type: "stringList", input: true },
  scopes: { wire: "scopes", type: "stringList", input: true },
  userAuthorizedScopes: { wire: "user_authorized_scopes", type: "stringList", input: true },
  tokenAccessPolicy: {
    wire: "token_access_policy",
    type: "object",
    input: true,
    fields: TOKEN_ACCESS_POLICY,
  },
  // Computed, and Optional too (so the SDK lists them as inputs); setting them changes nothing.
  clientId: { wire: "client_id", type: "string", input: true, computed: true },
  clientSecret: {
    wire: "client_secret",
    type: "string",
    input: true,
    computed: true,
    secret: true,
  },
  integrationId: { wire: "integration_id", type: "string", input: true, computed: true },
  createTime: { wire: "create_time", type: "string", input: true, computed: true },
  createdBy: { wire: "created_by", type: "integer", input: true, computed: true },
  creatorUsername: { wire: "creator_username", type: "string", input: true, computed: true },
};

type Wire = Record<string, Json>;

/** Pulumi names to the request body, leaving out unset and zero values (Go `omitempty`). */
function toWire(specs: Record<string, PropertySpec>, values: Props, keys: string[]): Wire {
  const body: Wire = {};
  for (const key of keys) {
    const spec = specs[key];
    let v = values[key];
    if (v === undefined || v === null || v === false || v === 0 || v === "") continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (spec.type === "object" && spec.fields) {
      v = toWire(spec.fields, v as Props, Object.keys(spec.fields));
      if (Object.keys(v).length === 0) continue;
    }
    body[spec.wire] = v;
  }
  return body;
}

function fromWire(specs: Record<string, PropertySpec>, wire: Wire): Props {
  const out: Props = {};
  for (const [key, spec] of Object.entries(specs)) {
    const v = wire[spec.wire];
    if (v === undefined) continue;
    out[key] =
      spec.type === "object" && spec.fields && v !== null ? fromWire(spec.fields, v as Wire) : v;
  }
  return out;
}

/** The token policy as sent: no absolute lifetime unless single-use refresh tokens are on. */
function policyForRequest(inputs: Props): Props {
  const policy = inputs.tokenAccessPolicy as Props | undefined;
  if (!policy || policy.enableSingleUseRefreshTokens === true) return inputs;
  return { ...inputs, tokenAccessPolicy: { ...policy, absoluteSessionLifetimeInMinutes: null } };
}

const CREATE_FIELDS = [
  "name",
  "confidential",
  "redirectUrls",
  "scopes",
  "userAuthorizedScopes",
  "tokenAccessPolicy",
];
const UPDATE_FIELDS = ["redirectUrls", "scopes", "userAuthorizedScopes", "tokenAccessPolicy"];

const base = (api: AccountApi) => `${api.accountPath}/oauth2/custom-app-integrations`;
const one = (api: AccountApi, id: string) => `${base(api)}/${encodeURIComponent(id)}`;

export const customAppIntegration: ResourceModule = {
  token: "databricks:index/customAppIntegration:CustomAppIntegration",
  source:
    "@pulumi/databricks 1.110.0 customAppIntegration.d.ts; terraform-provider-databricks apps/resource_custom_app_integration.go",
  properties: PROPERTIES,
  autoname: "name",

  /**
   * The replace/autoname rule (i19b's part of this stand-in; other bridge rules are modelled
   * elsewhere). pulumi-terraform-bridge `nameRequiresDeleteBeforeReplace` (pkg/tfbridge/schema.go,
   * read, not copied): a replacing diff of a resource with an autonamed property answers
   * `deleteBeforeReplace` when the checked inputs carry the `__defaults` list and the autonamed
   * property is not in it, i.e. the program set `name` itself. pulumi-databricks sets no
   * UniqueNameFields for this resource, so that branch of the rule does not apply.
   */
  deleteBeforeReplace(news) {
    const defaults = news[DEFAULTS_KEY];
    return Array.isArray(defaults) && !defaults.includes("name");
  },

  async create(api, inputs) {
    const body = toWire(PROPERTIES, policyForRequest(inputs), CREATE_FIELDS);
    const res = await api.request<Wire>("POST", base(api), body);
    const id = res.integration_id;
    if (typeof id !== "string" || id === "") {
      throw new Error(`POST ${base(api)} answered without an integration_id`);
    }
    // The secret is in the create response only; GET never returns it.
    const once: Props = {};
    if (typeof res.client_secret === "string") once.clientSecret = res.client_secret;
    return { id, once };
  },

  async read(api, id) {
    try {
      return fromWire(PROPERTIES, await api.request<Wire>("GET", one(api, id)));
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  },

  async update(api, id, news) {
    const body = toWire(PROPERTIES, policyForRequest(news), UPDATE_FIELDS);
    await api.request("PATCH", one(api, id), body);
  },

  async delete(api, id) {
    await api.request("DELETE", one(api, id));
  },
};
