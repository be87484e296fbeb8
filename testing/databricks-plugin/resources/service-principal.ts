/**
 * `databricks:index/servicePrincipal:ServicePrincipal` at account level, as @pulumi/databricks
 * 1.110.0 declares it. Where the facts come from (read, not copied):
 * - property names and types: the published SDK (node_modules/@pulumi/databricks/
 *   servicePrincipal.d.ts, ServicePrincipalArgs / ServicePrincipal outputs);
 * - Optional/Computed/ForceNew: terraform-provider-databricks scim/resource_service_principal.go
 *   (`application_id` "computed,force_new"; `display_name` and `application_id` AtLeastOneOf;
 *   `acl_principal_id` computed as `servicePrincipals/<application id>`; `home`/`repos` computed;
 *   `active` defaults to true, modelled here as Computed so an unset value never differs);
 * - the requests: SCIM account API (databricks-api.md §7; emulator/databricks
 *   principal-handlers.ts): POST creates (201), GET reads, PUT replaces the writable attributes
 *   (the Terraform provider updates account principals with a full PUT, after reading the
 *   principal to carry its `roles` and `groups` over: resource_service_principal.go ~L74-86);
 * - destroy at account level deactivates (SCIM PATCH `active` = [{"value":"false"}]) unless
 *   `disable_as_user_deletion` is false, then DELETE (resource_service_principal.go ~L230-241,
 *   scim/scim.go ~L186-193). `disable_as_user_deletion` lives only in state: Read keeps it.
 * Only the account-level attributes are modelled: workspace entitlements (allowClusterCreate,
 * databricksSqlAccess, workspaceAccess, …) and the home/repos deletion flags are rejected by
 * Check as "not an input" in this stand-in.
 */
import type { AccountApi } from "../account-api";
import type { PropertySpec, ResourceModule } from "../resource-module";
import type { Json, Props } from "../values";

const SCIM_SP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal";

const PROPERTIES: Record<string, PropertySpec> = {
  displayName: { wire: "displayName", type: "string", input: true },
  applicationId: {
    wire: "applicationId",
    type: "string",
    input: true,
    computed: true,
    forceNew: true,
  },
  active: { wire: "active", type: "boolean", input: true, computed: true },
  externalId: { wire: "externalId", type: "string", input: true },
  aclPrincipalId: { wire: "aclPrincipalId", type: "string", input: true, computed: true },
  // Terraform-only flag (never sent); Optional+Computed so an unset value never differs.
  disableAsUserDeletion: {
    wire: "disable_as_user_deletion",
    type: "boolean",
    input: true,
    computed: true,
  },
};

type Wire = Record<string, Json>;

const base = (api: AccountApi) => `${api.accountPath}/scim/v2/ServicePrincipals`;
const one = (api: AccountApi, id: string) => `${base(api)}/${encodeURIComponent(id)}`;

/** Create and PUT body: the writable attributes that are set (Go `omitempty`). */
function body(inputs: Props): Wire {
  const out: Wire = { schemas: [SCIM_SP_SCHEMA] };
  for (const key of ["displayName", "applicationId", "externalId"]) {
    const v = inputs[key];
    if (typeof v === "string" && v !== "") out[key] = v;
  }
  out.active = inputs.active === false ? false : true;
  return out;
}

function fromWire(wire: Wire): Props {
  const out: Props = {};
  if (typeof wire.displayName === "string") out.displayName = wire.displayName;
  if (typeof wire.applicationId === "string") {
    out.applicationId = wire.applicationId;
    out.aclPrincipalId = `servicePrincipals/${wire.applicationId}`;
  }
  if (typeof wire.externalId === "string") out.externalId = wire.externalId;
  out.active = wire.active !== false;
  return out;
}

export const servicePrincipal: ResourceModule = {
  token: "databricks:index/servicePrincipal:ServicePrincipal",
  source:
    "@pulumi/databricks 1.110.0 servicePrincipal.d.ts; terraform-provider-databricks scim/resource_service_principal.go",
  properties: PROPERTIES,

  async create(api, inputs) {
    if (
      (typeof inputs.displayName !== "string" || inputs.displayName === "") &&
      (typeof inputs.applicationId !== "string" || inputs.applicationId === "")
    ) {
      throw new Error(
        'ServicePrincipal: one of "application_id" or "display_name" must be specified',
      );
    }
    const res = await api.request<Wire>("POST", base(api), body(inputs));
    if (typeof res.id !== "string" || res.id === "") {
      throw new Error(`POST ${base(api)} answered without an id`);
    }
    return { id: res.id, once: {} };
  },

  async read(api, id, known) {
    try {
      const read = fromWire(await api.request<Wire>("GET", one(api, id)));
      if (typeof known.disableAsUserDeletion === "boolean") {
        read.disableAsUserDeletion = known.disableAsUserDeletion;
      }
      return read;
    } catch (e) {
      if ((e as { status?: number }).status === 404) return undefined;
      throw e;
    }
  },

  async update(api, id, news, olds) {
    // Read first: a PUT without roles/groups would strip what others granted the principal.
    const current = await api.request<Wire>("GET", one(api, id));
    // applicationId cannot change in place (ForceNew); keep the server's in the PUT body.
    const put = body({ ...news, applicationId: olds.applicationId });
    for (const carried of ["roles", "groups"]) {
      if (Array.isArray(current[carried])) put[carried] = current[carried];
    }
    await api.request("PUT", one(api, id), put);
  },

  async delete(api, id, known) {
    if (known.disableAsUserDeletion === false) {
      await api.request("DELETE", one(api, id));
      return;
    }
    await api.request("PATCH", one(api, id), {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", path: "active", value: [{ value: "false" }] }],
    });
  },
};
