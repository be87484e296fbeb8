/**
 * `databricks:index/servicePrincipalSecret:ServicePrincipalSecret` at account level, as
 * @pulumi/databricks 1.110.0 declares it. Where the facts come from (read, not copied):
 * - property names, types and the secret output: the published SDK (node_modules/@pulumi/
 *   databricks/servicePrincipalSecret.d.ts; servicePrincipalSecret.js
 *   `additionalSecretOutputs: ["secret"]`); the API's `id` is `servicePrincipalSecretId`;
 * - Optional/Computed/ForceNew/Sensitive: terraform-provider-databricks
 *   tokens/resource_service_principal_secret.go (`service_principal_id` force_new; `lifetime`
 *   "computed,force_new"; `time_rotating` Optional+ForceNew and never sent to the API;
 *   `secret` Sensitive+Computed; create_time, expire_time, update_time, secret_hash, status
 *   Computed; no Update: every input change replaces). Its Read lists the principal's secrets,
 *   finds this id, keeps `lifetime` and `time_rotating` from the state, and treats a missing or
 *   expired secret as gone (so the next `up` creates a new one);
 * - the requests: databricks-api.md / emulator/databricks secret-handlers.ts:
 *   POST and GET (list) `/servicePrincipals/{sp}/credentials/secrets`, DELETE `/{secret_id}`.
 * `api` and `providerConfig` (workspace-level use) are not modelled: account level only.
 */
import type { AccountApi } from "../account-api";
import type { PropertySpec, ResourceModule } from "../resource-module";
import type { Json, Props } from "../values";

const PROPERTIES: Record<string, PropertySpec> = {
  servicePrincipalId: {
    wire: "service_principal_id",
    type: "string",
    input: true,
    forceNew: true,
  },
  lifetime: { wire: "lifetime", type: "string", input: true, computed: true, forceNew: true },
  timeRotating: { wire: "time_rotating", type: "string", input: true, forceNew: true },
  secret: { wire: "secret", type: "string", input: true, computed: true, secret: true },
  servicePrincipalSecretId: { wire: "id", type: "string", input: true, computed: true },
  secretHash: { wire: "secret_hash", type: "string", input: true, computed: true },
  status: { wire: "status", type: "string", input: true, computed: true },
  createTime: { wire: "create_time", type: "string", input: true, computed: true },
  expireTime: { wire: "expire_time", type: "string", input: true, computed: true },
  updateTime: { wire: "update_time", type: "string", input: true, computed: true },
};

type Wire = Record<string, Json>;

function principalOf(known: Props): string {
  const sp = known.servicePrincipalId;
  if (typeof sp !== "string" || sp === "") {
    throw new Error("ServicePrincipalSecret: servicePrincipalId is required");
  }
  return sp;
}

const base = (api: AccountApi, sp: string) =>
  `${api.accountPath}/servicePrincipals/${encodeURIComponent(sp)}/credentials/secrets`;

function fromWire(wire: Wire): Props {
  const out: Props = {};
  for (const [key, spec] of Object.entries(PROPERTIES)) {
    const v = wire[spec.wire];
    if (v !== undefined && key !== "secret") out[key] = v;
  }
  return out;
}

export const servicePrincipalSecret: ResourceModule = {
  token: "databricks:index/servicePrincipalSecret:ServicePrincipalSecret",
  source:
    "@pulumi/databricks 1.110.0 servicePrincipalSecret.d.ts; terraform-provider-databricks tokens/resource_service_principal_secret.go",
  properties: PROPERTIES,

  async create(api, inputs) {
    const sp = principalOf(inputs);
    const lifetime =
      typeof inputs.lifetime === "string" && inputs.lifetime !== "" ? inputs.lifetime : undefined;
    const res = await api.request<Wire>("POST", base(api, sp), lifetime ? { lifetime } : {});
    if (typeof res.id !== "string" || res.id === "") {
      throw new Error(`POST ${base(api, sp)} answered without an id`);
    }
    // The secret is in the create response only; the list carries its hash.
    const once: Props = {};
    if (typeof res.secret === "string") once.secret = res.secret;
    if (lifetime) once.lifetime = lifetime;
    return { id: res.id, once };
  },

  async read(api, id, known) {
    const sp = principalOf(known);
    let pageToken: string | undefined;
    do {
      let page: { secrets?: Wire[]; next_page_token?: string };
      try {
        page = await api.request(
          "GET",
          base(api, sp),
          undefined,
          pageToken ? { page_token: pageToken } : undefined,
        );
      } catch (e) {
        // The principal itself is gone, and its secrets with it.
        if ((e as { status?: number }).status === 404) return undefined;
        throw e;
      }
      const found = (page.secrets ?? []).find((s) => s.id === id);
      if (found) {
        const expire = typeof found.expire_time === "string" ? Date.parse(found.expire_time) : NaN;
        if (!Number.isNaN(expire) && Date.now() > expire) return undefined;
        const props = fromWire(found);
        props.servicePrincipalId = sp;
        // Terraform's Read keeps these from the state: the API never returns them.
        if (known.lifetime !== undefined) props.lifetime = known.lifetime;
        if (known.timeRotating !== undefined) props.timeRotating = known.timeRotating;
        return props;
      }
      pageToken = page.next_page_token;
    } while (pageToken);
    return undefined;
  },

  update() {
    // Every input is ForceNew, so the engine replaces instead of updating.
    return Promise.reject(new Error("ServicePrincipalSecret cannot be updated in place"));
  },

  async delete(api, id, known) {
    await api.request("DELETE", `${base(api, principalOf(known))}/${encodeURIComponent(id)}`);
  },
};
