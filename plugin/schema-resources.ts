/**
 * Resource and type entries of the package schema (schema.ts). Every input is a shape each
 * Pulumi language can write (strings, numbers, booleans, lists, string maps, plain objects);
 * the Databricks provider is not an input: pass it as `providers` / `options.providers`, the
 * way every multi-language component takes providers, and the components use its `databricks`
 * entry. Secrets are marked `secret` so every SDK keeps them encrypted.
 */
type Prop = Record<string, unknown>;

const str = (description: string, extra: Prop = {}): Prop => ({
  type: "string",
  description,
  ...extra,
});
const strList = (description: string): Prop => ({
  type: "array",
  items: { type: "string" },
  description,
});
const bool = (description: string): Prop => ({ type: "boolean", description });
const int = (description: string): Prop => ({ type: "integer", description });
const ref = (token: string, description: string): Prop => ({
  $ref: `#/types/${token}`,
  description,
});

const PERMISSION = "posit-connect:index:Permission";
const PERMISSIONS: Prop = {
  type: "array",
  items: { $ref: `#/types/${PERMISSION}` },
  description:
    "Who may attach the integration to content (`{ userGuid }` / `{ groupGuid }` entries); `[]` = every publisher; omitted = left alone. Needs Connect 2026.04.0 or later.",
};
const EXTRA_CONFIG: Prop = {
  type: "object",
  additionalProperties: { type: "string" },
  description:
    "More Connect `databricks` template keys (non-secret), merged over the ones this component sets.",
};

export const TYPES: Record<string, unknown> = {
  [PERMISSION]: {
    type: "object",
    description: "One grant: exactly one of the two.",
    properties: {
      userGuid: str("GUID of a Connect user."),
      groupGuid: str("GUID of a Connect group."),
    },
  },
  "posit-connect:databricks:TokenAccessPolicy": {
    type: "object",
    description: "Token lifetimes, validated against the Databricks API's ranges.",
    properties: {
      accessTokenTtlInMinutes: int("5 to 1440 minutes."),
      refreshTokenTtlInMinutes: int(
        "5 to 129600 minutes (90 days); not shorter than the access token's.",
      ),
    },
  },
  "posit-connect:databricks:ExistingApp": {
    type: "object",
    description: "An app a Databricks account admin already registered.",
    properties: {
      clientId: str("Client id of an app a Databricks account admin already registered."),
      clientSecret: str(
        "Its client secret; required unless `confidential: false`. Kept secret in state.",
        { secret: true },
      ),
    },
    required: ["clientId"],
  },
  "posit-connect:databricks:ExistingServicePrincipal": {
    type: "object",
    description: "A service principal that already exists.",
    properties: {
      applicationId: str(
        "The principal's application id (a UUID): the OAuth client id Connect sends.",
      ),
      id: str("Its account SCIM id (digits), which secrets and workspace assignments refer to."),
    },
    required: ["applicationId", "id"],
  },
  "posit-connect:databricks:SecretRotation": {
    type: "object",
    description: "Scheduled rotation of the OAuth secret.",
    properties: {
      everyDays: int(
        "Issue a new secret at the first `up` in each window of this many days (1 to 716).",
      ),
    },
    required: ["everyDays"],
  },
};

const connectUrl = str(
  "Connect base URL; the app's redirect URL is `<connectUrl>/__oauth__/integrations/callback`.",
);
const workspaceHost = str(
  "Workspace host name, e.g. `dbc-1234.cloud.databricks.com` (`https://` is accepted and dropped; Connect gets the bare host).",
);
const integrationName = str("Connect integration name. Defaults to the component name.");
const description = str("Connect integration description, shown to publishers.");

/** Output property names per type token: what construct copies from the TypeScript object. */
export const OUTPUTS: Record<string, string[]> = {};

function component(
  token: string,
  description: string,
  inputProperties: Record<string, Prop>,
  requiredInputs: string[],
  properties: Record<string, Prop>,
  required: string[],
): Prop {
  OUTPUTS[token] = Object.keys(properties);
  // An empty `required` is dropped by the engine; leave it out so the served schema is this one.
  return {
    isComponent: true,
    description,
    inputProperties,
    requiredInputs,
    properties,
    ...(required.length > 0 ? { required } : {}),
  };
}

export const OAUTH_TOKEN = "posit-connect:databricks:OAuth";
export const SERVICE_ACCOUNT_TOKEN = "posit-connect:databricks:ServiceAccount";
export const INTEGRATION_TOKEN = "posit-connect:index:ConnectOAuthIntegration";
export const CONTENT_INTEGRATION_TOKEN = "posit-connect:index:ConnectContentIntegration";
export const CONTENT_INTEGRATIONS_TOKEN = "posit-connect:index:ConnectContentIntegrations";

export const RESOURCES: Record<string, unknown> = {
  [OAUTH_TOKEN]: component(
    OAUTH_TOKEN,
    "`DatabricksConnectOAuth`: a Databricks custom OAuth app wired into a Posit Connect OAuth integration, so Connect content can reach Databricks as the viewing user without anyone copying a client secret by hand. The account-level Databricks provider is the `databricks` entry of the resource's providers, else the default provider.",
    {
      connectUrl,
      workspaceHost,
      confidential: bool(
        "`false` registers a public app (PKCE, no secret) and Connect gets no secret. Defaults to true.",
      ),
      appName: str(
        "Databricks app name. Changing it replaces the app (new client id and secret). Defaults to the component name.",
      ),
      integrationName,
      description,
      scopes: strList(
        'OAuth scopes of the app; when not the default six, Connect gets them too. Defaults to ["all-apis", "sql", "offline_access", "openid", "profile", "email"].',
      ),
      workbenchUrl: str(
        "Workbench base URL; adds `<workbenchUrl>/oauth_redirect_callback` so one app serves Workbench too.",
      ),
      extraRedirectUrls: strList("More redirect URLs, e.g. for a second Connect server."),
      tokenAccessPolicy: ref(
        "posit-connect:databricks:TokenAccessPolicy",
        "Token lifetimes, validated against the Databricks API's ranges.",
      ),
      existingApp: ref(
        "posit-connect:databricks:ExistingApp",
        "Use an app an admin already registered instead of creating one.",
      ),
      extraConnectConfig: EXTRA_CONFIG,
      adoptConnectIntegrationGuid: str(
        "GUID of a Connect integration made by hand: the first `up` adopts it (no POST, at most one PATCH) and its content associations stay.",
      ),
      importDatabricksAppId: str(
        "Integration id of a Databricks app registered by hand, passed to the app as Pulumi's `import` option. The program's app arguments must match the app.",
      ),
      importedAppClientSecret: str(
        "The imported app's client secret, if you still have it; sent to Connect. Kept secret.",
        { secret: true },
      ),
      permissions: PERMISSIONS,
      associateContent: strList(
        "Content GUIDs to associate with the new integration, each as a ConnectContentIntegration child that leaves the item's other associations alone. Content must be interactive.",
      ),
    },
    ["connectUrl", "workspaceHost"],
    {
      clientId: str("The OAuth client id Connect uses."),
      clientSecret: str("The OAuth client secret; absent for public apps.", { secret: true }),
      databricksIntegrationId: str("Databricks integration id; absent with `existingApp`."),
      redirectUrls: strList("The app's redirect URLs."),
      connectIntegrationGuid: str("GUID of the Connect integration."),
    },
    ["clientId", "redirectUrls", "connectIntegrationGuid"],
  ),
  [SERVICE_ACCOUNT_TOKEN]: component(
    SERVICE_ACCOUNT_TOKEN,
    "`DatabricksConnectServiceAccount`: a Databricks service principal and its OAuth secret wired into a Posit Connect `Service Account` integration, so content reaches Databricks as that principal. The account-level Databricks provider is the `databricks` entry of the resource's providers, else the default provider.",
    {
      connectUrl: str("Connect base URL."),
      workspaceHost: str(
        "Workspace host name, e.g. `dbc-1234.cloud.databricks.com` (`https://` is accepted and dropped).",
      ),
      workspaceId: str(
        "Numeric workspace id; when given, the principal is assigned to the workspace with `USER` permission.",
      ),
      servicePrincipalName: str(
        "Display name of the service principal this component creates. Defaults to the component name.",
      ),
      existingServicePrincipal: ref(
        "posit-connect:databricks:ExistingServicePrincipal",
        "Use a principal that already exists instead of creating one; a secret is still issued for it.",
      ),
      integrationName,
      description,
      rotation: ref(
        "posit-connect:databricks:SecretRotation",
        "Scheduled rotation of the OAuth secret.",
      ),
      rotationKey: str("Change it to rotate the secret at the next `up`, e.g. after a leak."),
      secretLifetimeDays: int(
        "Secret lifetime in days (1 to 730). Defaults to rotation.everyDays + 14, or 730 without rotation.",
      ),
      verify: bool(
        "Ask Connect to verify the credentials after each change to them. Defaults to true.",
      ),
      extraConnectConfig: EXTRA_CONFIG,
    },
    ["connectUrl", "workspaceHost"],
    {
      applicationId: str(
        "The principal's application id, which Connect uses as the OAuth client id.",
      ),
      servicePrincipalId: str("The principal's account SCIM id."),
      secretExpireTime: str("When the current OAuth secret expires (RFC 3339)."),
      connectIntegrationGuid: str("GUID of the Connect integration."),
      verified: bool(
        "True when Connect verified the credentials at the last change; false with `verify: false`.",
      ),
    },
    ["applicationId", "servicePrincipalId", "connectIntegrationGuid"],
  ),
  [INTEGRATION_TOKEN]: component(
    INTEGRATION_TOKEN,
    "`ConnectOAuthIntegration`: a Posit Connect OAuth integration managed by Pulumi (a component holding the integration resource).",
    {
      connectUrl: str(
        "Connect server base URL, e.g. `https://connect.example.org`. Changing it replaces the integration. Defaults to stack config `posit-connect:url`, else env `CONNECT_SERVER`.",
      ),
      name: str("Integration name publishers see when they pick an integration for their content."),
      description: str("Integration description."),
      template: str(
        "Connect template key: `databricks`, `custom`, `azure`, `snowflake`, … Changing it replaces the integration.",
      ),
      authType: str(
        "`Viewer` (OAuth as the viewing user), `Service Account` or `Visitor API Key`. Changing it replaces the integration. Defaults to `Viewer`.",
      ),
      config: {
        type: "object",
        additionalProperties: { type: "string" },
        description:
          "Non-secret template keys, e.g. `{ workspace_host, client_id }` for `databricks`. Lists such as scopes are one space-separated string, as Connect stores them.",
      },
      clientSecret: str(
        "The OAuth client secret, sent as `config.client_secret`. Always stored as a Pulumi secret.",
        { secret: true },
      ),
      adoptGuid: str(
        "GUID of an integration that already exists in Connect: the first `up` adopts it instead of creating one.",
      ),
      verify: bool(
        "For `Service Account` integrations: ask Connect to verify the credentials after create and after each change to them. Defaults to true.",
      ),
      permissions: PERMISSIONS,
    },
    ["name", "template"],
    {
      guid: str("Connect's id for the integration."),
      createdTime: str("When Connect created the integration."),
      updatedTime: str("When Connect last changed the integration."),
      clientSecret: str("Secret; echoed from the input, since Connect never returns it.", {
        secret: true,
      }),
    },
    ["guid"],
  ),
  [CONTENT_INTEGRATION_TOKEN]: component(
    CONTENT_INTEGRATION_TOKEN,
    "`ConnectContentIntegration`: one content item uses one OAuth integration. Coexists with associations made elsewhere: creating adds just this one, deleting removes just this one.",
    {
      connectUrl: str(
        "Connect base URL. Defaults to stack config `posit-connect:url`, else env `CONNECT_SERVER`.",
      ),
      contentGuid: str("The content item's GUID (its Info panel in Connect)."),
      integrationGuid: str(
        "The integration's GUID, e.g. a `ConnectOAuthIntegration`'s `guid` output.",
      ),
    },
    ["contentGuid", "integrationGuid"],
    { createdTime: str("When Connect recorded the association.") },
    [],
  ),
  [CONTENT_INTEGRATIONS_TOKEN]: component(
    CONTENT_INTEGRATIONS_TOKEN,
    "`ConnectContentIntegrations`: the whole set of OAuth integrations one content item uses, owned exactly.",
    {
      connectUrl: str(
        "Connect base URL. Defaults to stack config `posit-connect:url`, else env `CONNECT_SERVER`.",
      ),
      contentGuid: str("The content item's GUID. Changing it replaces the resource."),
      integrationGuids: strList("The integrations the content item uses, exactly."),
    },
    ["contentGuid", "integrationGuids"],
    { integrationGuids: strList("The integrations Connect reports for the content item.") },
    ["integrationGuids"],
  ),
};
