/**
 * Template definitions the emulator serves from `/v1/oauth/templates`. Keys and option values
 * follow connect-api.md §5.3. The `databricks` template's `workspace_host` (a bare host name),
 * `client_id` and `client_secret` are the keys Posit's admin guide sends; `auth_type` is how
 * every template picks the auth type; `auth_mode` (default Confidential, so only a public app
 * needs it) and `scopes` are inferred. They are kept in one place here.
 *
 * `required` and `fixedAuthType` are emulator-internal rules (Connect's template schema has no
 * "required" flag) and are stripped from the wire shape.
 */
import type { WireTemplate, WireTemplateField, WireTemplateOption } from "./wire-types";

/** When a key must be present: always, or only when another key has a given effective value. */
export type RequiredRule = true | { whenKey: string; equals: string };

export interface OptionDefinition extends WireTemplateOption {
  required?: RequiredRule;
}

export interface FieldDefinition extends WireTemplateField {
  required?: RequiredRule;
}

export interface TemplateDefinition extends Omit<WireTemplate, "options" | "fields"> {
  options: OptionDefinition[];
  fields: FieldDefinition[];
  /** auth_type forced by the template (the `connect` template is always "Visitor API Key"). */
  fixedAuthType?: string;
}

const confidential = { name: "auth_mode", value: "Confidential" };

const authMode = (order: number): OptionDefinition => ({
  name: "auth_mode",
  label: "Authentication Mode",
  description: "Confidential clients hold a client secret; Public clients rely on PKCE alone.",
  order,
  type: "select",
  values: ["Confidential", "Public"],
  default: "Confidential",
});

const authType = (order: number, values: string[]): OptionDefinition => ({
  name: "auth_type",
  label: "Authentication Type",
  description: "Viewer uses each viewer's own credentials; Service Account uses the client's.",
  order,
  type: "select",
  values,
  default: "Viewer",
});

const field = (
  name: string,
  label: string,
  order: number,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({
  name,
  label,
  description: label,
  order,
  secret: false,
  multiline: false,
  ...extra,
});

const clientSecret = (order: number, required?: RequiredRule): FieldDefinition =>
  field("client_secret", "Client Secret", order, {
    description: "The OAuth client secret. Write-only: Connect never returns it.",
    secret: true,
    visibility_expression: confidential,
    ...(required ? { required } : {}),
  });

const credentialsSection = [
  { id: 1, order: 1, name: "Credentials", description: "OAuth application credentials." },
];

const definitions: TemplateDefinition[] = [
  {
    id: "azure",
    name: "Microsoft Entra ID",
    description: "Microsoft Entra ID (Azure AD) OAuth application, e.g. for Azure Databricks.",
    sections: credentialsSection,
    options: [authMode(1), authType(2, ["Viewer", "Service Account"])],
    fields: [
      field("tenant_id", "Tenant ID", 3, { required: true }),
      field("client_id", "Client ID", 4, { required: true }),
      clientSecret(5),
      field("scopes", "Scopes", 6, { description: "Space-separated list of scopes." }),
    ],
    environment_variables: [],
  },
  {
    id: "connect",
    name: "Connect API",
    description: "Allows access to Connect APIs on behalf of a Connect user.",
    sections: credentialsSection,
    options: [
      {
        name: "max_role",
        label: "Max Role",
        description: "The highest Connect role the visitor API key may carry.",
        order: 1,
        type: "select",
        values: ["Viewer", "Publisher", "Admin"],
        default: "Viewer",
        required: true,
      },
    ],
    fields: [],
    environment_variables: [],
    fixedAuthType: "Visitor API Key",
  },
  {
    id: "custom",
    name: "Custom",
    description: "A generic OAuth 2.0 application.",
    sections: credentialsSection,
    options: [
      authMode(1),
      authType(2, ["Viewer", "Service Account"]),
      {
        name: "token_endpoint_auth_method",
        label: "Token Endpoint Auth Method",
        description: "How the client authenticates to the token endpoint.",
        order: 3,
        type: "select",
        values: ["client_secret_basic", "client_secret_post"],
        default: "client_secret_basic",
      },
      {
        name: "use_pkce",
        label: "Use PKCE",
        description: "Use Proof Key for Code Exchange.",
        order: 4,
        type: "bool",
        default: true,
      },
    ],
    fields: [
      field("authorization_uri", "Authorization URI", 5, {
        required: true,
        validation: "^https?://\\S+$",
        validation_description: "An http(s) URL",
      }),
      field("token_uri", "Token URI", 6, {
        required: true,
        validation: "^https?://\\S+$",
        validation_description: "An http(s) URL",
      }),
      field("client_id", "Client ID", 7, { required: true }),
      clientSecret(8),
      field("scopes", "Scopes", 9, { description: "Space-separated list of scopes." }),
    ],
    environment_variables: [],
  },
  {
    id: "databricks",
    name: "Databricks",
    description: "A Databricks account OAuth application (custom app integration).",
    sections: credentialsSection,
    options: [authMode(1), authType(2, ["Viewer", "Service Account"])],
    fields: [
      // Posit's admin guide documents the bare host name ("the Databricks workspace hostname",
      // e.g. cust-success.cloud.databricks.com). An https:// prefix is accepted too and stored as
      // sent: the only other public example (rsconnect-python PR #776, connect-api.md §5.3)
      // passes https://dbc-….cloud.databricks.com, so rejecting it would make the emulator
      // stricter than the evidence. Other schemes and paths are refused.
      field("workspace_host", "Workspace Host", 3, {
        description: "The Databricks workspace host name, e.g. dbc-1234.cloud.databricks.com",
        required: true,
        validation: "^(https://)?[A-Za-z0-9.-]+(:[0-9]+)?/?$",
        validation_description:
          "The workspace host name, e.g. dbc-1234.cloud.databricks.com (an https:// prefix is accepted), with no path",
      }),
      field("client_id", "Client ID", 4, { required: true }),
      clientSecret(5, { whenKey: "auth_mode", equals: "Confidential" }),
      field("scopes", "Scopes", 6, {
        description: "Space-separated list of scopes.",
        default: "all-apis offline_access",
      }),
    ],
    environment_variables: ["DATABRICKS_HOST"],
  },
  {
    id: "snowflake",
    name: "Snowflake",
    description: "A Snowflake security integration (OAuth).",
    sections: credentialsSection,
    // Snowflake is documented for Viewer integrations only (S8).
    options: [authType(1, ["Viewer"])],
    fields: [
      field("account_url", "Account URL", 2, {
        required: true,
        validation: "^https://[A-Za-z0-9.-]+(:[0-9]+)?/?$",
        validation_description: "https://<account>.snowflakecomputing.com",
      }),
      field("client_id", "Client ID", 3, { required: true }),
      clientSecret(4),
      field("scopes", "Scopes", 5, { description: "Space-separated list of scopes." }),
    ],
    environment_variables: [],
  },
];

const byId = new Map(definitions.map((t) => [t.id, t]));

export function findTemplate(id: string): TemplateDefinition | undefined {
  return byId.get(id);
}

/** All templates, sorted by id like Connect's list. */
export function allTemplates(): TemplateDefinition[] {
  return definitions;
}

/** Names of the write-only config keys of a template. */
export function secretKeysOf(template: string): Set<string> {
  const def = byId.get(template);
  return new Set(def ? def.fields.filter((f) => f.secret).map((f) => f.name) : []);
}

/** Every key any template marks secret (plus client_secret), for request-log redaction. */
export const ALL_SECRET_KEYS: ReadonlySet<string> = new Set([
  "client_secret",
  ...definitions.flatMap((t) => t.fields.filter((f) => f.secret).map((f) => f.name)),
]);

/** The wire shape: internal rules removed. */
export function toWireTemplate(def: TemplateDefinition): WireTemplate {
  const strip = <T extends { required?: RequiredRule }>(item: T): Omit<T, "required"> => {
    const rest: T = { ...item };
    delete rest.required;
    return rest;
  };
  return {
    id: def.id,
    name: def.name,
    description: def.description,
    sections: def.sections,
    options: def.options.map(strip),
    fields: def.fields.map(strip),
    environment_variables: def.environment_variables,
  };
}
