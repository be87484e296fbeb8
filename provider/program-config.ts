/**
 * Reads the root program's stack config (Pulumi.yaml `config:`) into component args, so the
 * mapping is testable under mocks and the root index.ts stays a few lines.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import type { DatabricksConnectOAuthArgs } from "./components/databricks-connect-oauth";
import type { DatabricksConnectServiceAccountArgs } from "./components/service-account";
import { projectConfigKeys, unknownKeys, unknownKeysMessage } from "./config-keys";
import { DEFAULT_SCOPES } from "./databricks/custom-app";

const nonEmpty = (s: string | undefined) => (s === undefined || s === "" ? undefined : s);
const positive = (n: number | undefined) => (n === undefined || n === 0 ? undefined : n);

export function programArgs(config: pulumi.Config, stack: string): DatabricksConnectOAuthArgs {
  const access = positive(config.getNumber("accessTokenTtlInMinutes"));
  const refresh = positive(config.getNumber("refreshTokenTtlInMinutes"));
  const existingClientId = nonEmpty(config.get("existingAppClientId"));
  const confidential = config.getBoolean("confidential") ?? true;
  const args: DatabricksConnectOAuthArgs = {
    connectUrl: requireKey(config, "connectUrl"),
    workspaceHost: requireKey(config, "workspaceHost"),
    confidential,
    appName: nonEmpty(config.get("appName")) ?? `posit-connect-${stack}`,
    integrationName: nonEmpty(config.get("integrationName")) ?? `Databricks (${stack})`,
    description: nonEmpty(config.get("description")),
    scopes: config.getObject<string[]>("scopes"),
    workbenchUrl: nonEmpty(config.get("workbenchUrl")),
    extraRedirectUrls: config.getObject<string[]>("extraRedirectUrls"),
    tokenAccessPolicy:
      access === undefined && refresh === undefined
        ? undefined
        : { accessTokenTtlInMinutes: access, refreshTokenTtlInMinutes: refresh },
  };
  // Planned rotation of the Viewer app (docs/rotation.md); the same keys rotate a Service Account's secret.
  const everyDays = positive(config.getNumber("rotationEveryDays"));
  if (everyDays !== undefined) args.rotation = { everyDays };
  const rotationKey = nonEmpty(config.get("rotationKey"));
  if (rotationKey !== undefined) args.rotationKey = rotationKey;
  // Bringing a setup made by hand under Pulumi (docs/adoption.md).
  const adoptGuid = nonEmpty(config.get("adoptIntegrationGuid"));
  if (adoptGuid) args.adoptConnectIntegrationGuid = adoptGuid;
  const importAppId = nonEmpty(config.get("importAppIntegrationId"));
  if (importAppId) {
    args.importDatabricksAppId = importAppId;
    requireSecretIfSet(config, "importAppClientSecret");
    args.importedAppClientSecret = config.getSecret("importAppClientSecret");
  }
  if (existingClientId) {
    // Shape only the app Pulumi would create; keep them out unless set, so the component's
    // "ignored with existingApp" warning fires only for values the user chose.
    if (nonEmpty(config.get("appName")) === undefined) delete args.appName;
    if (sameScopes(args.scopes, DEFAULT_SCOPES)) delete args.scopes;
    requireSecretIfSet(config, "existingAppClientSecret");
    args.existingApp = {
      clientId: existingClientId,
      clientSecret: config.getSecret("existingAppClientSecret"),
    };
  }
  return args;
}

/**
 * Secrets the root program reads that Pulumi.yaml cannot declare (a key declared `secret: true`
 * is required in every stack); every other key it reads is in Pulumi.yaml's `config:` block.
 */
export const UNDECLARED_PROGRAM_KEYS: readonly string[] = [
  "existingAppClientSecret",
  "importAppClientSecret",
];

/** Example values for the required keys, so the error is a line to paste and edit. */
const REQUIRED_EXAMPLES: Record<string, string> = {
  connectUrl: "https://connect.example.org",
  workspaceHost: "dbc-1234abcd-5678.cloud.databricks.com",
};

/**
 * A required key (declared with `default: ""` in Pulumi.yaml so the engine lets the program
 * run and this message, not Pulumi's generic one, names the exact command).
 */
function requireKey(config: pulumi.Config, key: string): string {
  const value = nonEmpty(config.get(key));
  if (value !== undefined) return value;
  throw new pulumi.RunError(
    `${config.name}:${key} is required: run \`pulumi config set ${key} ${REQUIRED_EXAMPLES[key] ?? "<value>"}\`.`,
  );
}

/**
 * Stops the root program at a key of its namespace that it does not read (`intergrationName`),
 * naming the key it most likely meant. The known keys come from Pulumi.yaml's `config:` block
 * (the program's directory is the working directory), so keys added there are known at once.
 */
export function checkProgramConfigKeys(config: pulumi.Config, projectDir = process.cwd()): void {
  let yaml: string;
  try {
    yaml = fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8");
  } catch {
    return; // Not run from the project's directory: nothing to compare with.
  }
  const known = [...projectConfigKeys(yaml), ...UNDECLARED_PROGRAM_KEYS];
  const unknown = unknownKeys(pulumi.runtime.allConfig(), config.name, known);
  if (unknown.length === 0) return;
  throw new pulumi.RunError(
    unknownKeysMessage(unknown, {
      namespace: config.name,
      reader: "this program (Pulumi.yaml's config block)",
      secretKeys: UNDECLARED_PROGRAM_KEYS,
      cliName: (k) => k,
      reference: "docs/configuration.md",
    }),
  );
}

/**
 * A secret typed in plaintext would sit unencrypted in Pulumi.<stack>.yaml. The key cannot be
 * declared `secret: true` (that makes it required in every stack), so check here.
 */
function requireSecretIfSet(config: pulumi.Config, key: string): void {
  const fullKey = `${config.name}:${key}`;
  if (config.get(key) === undefined) return;
  // Not in the typings, present in every SDK since 3.x; skip the check if it ever disappears.
  const isConfigSecret = (runtimeConfig as { isConfigSecret?: (k: string) => boolean })
    .isConfigSecret;
  if (isConfigSecret && !isConfigSecret(fullKey)) {
    throw new Error(
      `${fullKey} is stored in plaintext in Pulumi.${pulumi.getStack()}.yaml (and in version control, if that file was committed); ` +
        `treat the secret as exposed: issue a new one, then set it with \`pulumi config set --secret ${key} <secret>\`.`,
    );
  }
}

function sameScopes(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a === undefined || (a.length === b.length && a.every((s, i) => s === b[i]));
}

/**
 * Resource options from stack config: `retainOnDelete: true` makes `pulumi destroy` leave the
 * app and the integration in place (a reversible trial after adopting a hand-made setup).
 */
export function programOptions(config: pulumi.Config): pulumi.ComponentResourceOptions {
  return config.getBoolean("retainOnDelete") ? { retainOnDelete: true } : {};
}

/** The root program's two kinds of integration, chosen with the `authType` key. */
export const PROGRAM_AUTH_TYPES = ["Viewer", "Service Account"] as const;
export type ProgramAuthType = (typeof PROGRAM_AUTH_TYPES)[number];

/** Keys that only one kind reads; a non-default value under the other kind is a mistake. */
const VIEWER_ONLY = [
  "existingAppClientId",
  "workbenchUrl",
  "appName",
  "adoptIntegrationGuid",
  "importAppIntegrationId",
];
const VIEWER_ONLY_NUMBERS = ["accessTokenTtlInMinutes", "refreshTokenTtlInMinutes"];
const SERVICE_ACCOUNT_ONLY = [
  "workspaceId",
  "servicePrincipalName",
  "existingServicePrincipalApplicationId",
  "existingServicePrincipalId",
];
const SERVICE_ACCOUNT_ONLY_NUMBERS = ["secretLifetimeDays"];

export function programAuthType(config: pulumi.Config): ProgramAuthType {
  checkProgramConfigKeys(config);
  const raw = config.get("authType") ?? "Viewer";
  const kind = PROGRAM_AUTH_TYPES.find((k) => k === raw);
  if (!kind) {
    throw new Error(
      `${config.name}:authType must be "Viewer" or "Service Account"; got ${JSON.stringify(raw)}. ` +
        'Set it with `pulumi config set authType "Service Account"`.',
    );
  }
  const misplaced =
    kind === "Viewer"
      ? [
          ...SERVICE_ACCOUNT_ONLY.filter((k) => nonEmpty(config.get(k)) !== undefined),
          ...SERVICE_ACCOUNT_ONLY_NUMBERS.filter(
            (k) => positive(config.getNumber(k)) !== undefined,
          ),
        ]
      : [
          ...VIEWER_ONLY.filter((k) => nonEmpty(config.get(k)) !== undefined),
          ...VIEWER_ONLY_NUMBERS.filter((k) => positive(config.getNumber(k)) !== undefined),
        ];
  if (misplaced.length > 0) {
    throw new Error(
      `${misplaced.map((k) => `${config.name}:${k}`).join(", ")} only ${misplaced.length === 1 ? "applies" : "apply"} to authType ${kind === "Viewer" ? '"Service Account"' : '"Viewer"'}, but this stack's authType is "${kind}"; ` +
        `remove ${misplaced.length === 1 ? "it" : "them"} (\`pulumi config rm <key>\`) or change authType.`,
    );
  }
  return kind;
}

export function serviceAccountProgramArgs(
  config: pulumi.Config,
  stack: string,
): DatabricksConnectServiceAccountArgs {
  const everyDays = positive(config.getNumber("rotationEveryDays"));
  const lifetime = positive(config.getNumber("secretLifetimeDays"));
  const existingApplicationId = nonEmpty(config.get("existingServicePrincipalApplicationId"));
  const existingId = nonEmpty(config.get("existingServicePrincipalId"));
  if ((existingApplicationId === undefined) !== (existingId === undefined)) {
    throw new Error(
      `${config.name}:existingServicePrincipalApplicationId and ${config.name}:existingServicePrincipalId go together: ` +
        "set both (the application id UUID and the account SCIM id) to use an existing principal, or neither to create one.",
    );
  }
  const args: DatabricksConnectServiceAccountArgs = {
    connectUrl: requireKey(config, "connectUrl"),
    workspaceHost: requireKey(config, "workspaceHost"),
    workspaceId: nonEmpty(config.get("workspaceId")),
    integrationName:
      nonEmpty(config.get("integrationName")) ?? `Databricks service account (${stack})`,
    description: nonEmpty(config.get("description")),
    rotation: everyDays === undefined ? undefined : { everyDays },
    rotationKey: nonEmpty(config.get("rotationKey")),
    secretLifetimeDays: lifetime,
    verify: config.getBoolean("verify") ?? true,
  };
  if (existingApplicationId !== undefined && existingId !== undefined) {
    args.existingServicePrincipal = { applicationId: existingApplicationId, id: existingId };
  } else {
    args.servicePrincipalName =
      nonEmpty(config.get("servicePrincipalName")) ?? `posit-connect-${stack}`;
  }
  return args;
}
