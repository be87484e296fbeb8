/**
 * `DatabricksConnectServiceAccount`: a Databricks service principal, its OAuth secret and its
 * workspace assignment, wired into a Posit Connect "Service Account" OAuth integration, so
 * scheduled and public Connect content reaches Databricks as one principal. The secret is
 * rotated create-first (see databricks/rotation.ts) and Connect verifies the credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as databricks from "@pulumi/databricks";
import { requireSecretApiKey } from "../config";
import { ConnectOAuthIntegration } from "../connect/oauth-integration/resource";
import type { ConfigValue } from "../connect/wire";
import { ArgumentError, checkBoolean, checked, checkEndpoints, type ComponentKind } from "./args";
import { databricksTemplateConfig } from "./databricks-template-config";
import { checkExpiryWarningDays, reportExpiry } from "./secret-expiry";
import { checkSecretLimit, guardSecretLimit } from "./secret-limit";
import {
  lifetimeArgument,
  MAX_ROTATION_DAYS,
  MAX_SECRET_LIFETIME_DAYS,
  rotationTrigger,
  secretLifetimeDays,
} from "../databricks/rotation";
import {
  declareServicePrincipal,
  declareServicePrincipalSecret,
  declareWorkspaceAssignment,
} from "../databricks/service-principal";

export interface ExistingServicePrincipal {
  /** The principal's application id (a UUID): the OAuth client id Connect sends. */
  applicationId: pulumi.Input<string>;
  /** Its account SCIM id (digits), which secrets and workspace assignments refer to. */
  id: pulumi.Input<string>;
}

export interface SecretRotation {
  /** Issue a new secret at the first `up` in each window of this many days (1 to 716). */
  everyDays: number;
}

export interface DatabricksConnectServiceAccountArgs {
  /** Connect base URL. */
  connectUrl: pulumi.Input<string>;
  /** Workspace host name, e.g. `dbc-1234.cloud.databricks.com` (`https://` is accepted and dropped). */
  workspaceHost: pulumi.Input<string>;
  /** Numeric workspace id; when given, the principal is assigned to the workspace with `USER` permission. */
  workspaceId?: pulumi.Input<string | number>;
  /** Display name of the service principal this component creates. @default the component name */
  servicePrincipalName?: pulumi.Input<string>;
  /** Use a principal that already exists instead of creating one; a secret is still issued for it. */
  existingServicePrincipal?: ExistingServicePrincipal;
  /** Connect integration name. @default the component name */
  integrationName?: pulumi.Input<string>;
  /** Connect integration description, shown to publishers. */
  description?: pulumi.Input<string>;
  /** Scheduled rotation of the OAuth secret. */
  rotation?: SecretRotation;
  /** Change it to rotate the secret at the next `up`, e.g. after a leak. */
  rotationKey?: string;
  /**
   * Secret lifetime in days (1 to 730), sent as Databricks' `lifetime` (`"<seconds>s"`); with
   * rotation it must exceed rotation.everyDays by at least 7 days.
   * @default rotation.everyDays + 14, or 730 without rotation
   */
  lifetimeDays?: number;
  /** @deprecated the former name of {@link lifetimeDays}; give one of them. */
  secretLifetimeDays?: number;
  /** Warn during preview and up when the secret expires within this many days (0: never). @default 30 */
  expiryWarningDays?: number;
  /**
   * Active OAuth secrets Databricks allows per principal (a vendor guide says 5; undocumented).
   * With `existingServicePrincipal`, the program stops before creating anything when one more
   * secret would pass it. @default 5
   */
  secretLimit?: number;
  /** Ask Connect to verify the credentials after each change to them. @default true */
  verify?: boolean;
  /** Account-level Databricks provider. @default the `databricks` entry of `opts.providers`, else the default provider */
  databricksProvider?: databricks.Provider;
  /** More Connect `databricks` template keys (non-secret), merged over the ones this component sets. */
  extraConnectConfig?: Record<string, pulumi.Input<ConfigValue>>;
}

export const DATABRICKS_CONNECT_SERVICE_ACCOUNT_TYPE = "posit-connect:databricks:ServiceAccount";
const KIND: ComponentKind = "DatabricksConnectServiceAccount";

export class DatabricksConnectServiceAccount extends pulumi.ComponentResource {
  /** The principal's application id, which Connect uses as the OAuth client id. */
  public readonly applicationId: pulumi.Output<string>;
  /** The principal's account SCIM id. */
  public readonly servicePrincipalId: pulumi.Output<string>;
  /** When the current OAuth secret expires (RFC 3339). */
  public readonly secretExpireTime: pulumi.Output<string>;
  public readonly connectIntegrationGuid: pulumi.Output<string>;
  /** True when Connect verified the credentials at the last change; false with `verify: false`. */
  public readonly verified: pulumi.Output<boolean>;
  /** Absent with `existingServicePrincipal`. */
  public readonly servicePrincipal?: databricks.ServicePrincipal;
  public readonly secret: databricks.ServicePrincipalSecret;
  /** Present when `workspaceId` is given. */
  public readonly workspaceAssignment?: databricks.MwsPermissionAssignment;
  public readonly integration: ConnectOAuthIntegration;

  constructor(
    name: string,
    args: DatabricksConnectServiceAccountArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Checks run before super() so a bad argument registers nothing at all.
    requireSecretApiKey();
    const fail = (argument: string, reason: string) =>
      new ArgumentError(name, argument, reason, KIND);
    const { connectUrl, workspaceHost } = checkEndpoints(name, args, KIND);
    const verify = checkBoolean(name, "verify", args.verify, true, KIND);
    const everyDays = checkRotation(args.rotation, fail);
    const rotationKey = checkRotationKey(args.rotationKey, fail);
    const lifetimeDays = checkLifetime(args, everyDays, fail);
    const warnDays = checkExpiryWarningDays(name, args.expiryWarningDays, KIND);
    const secretLimit = checkSecretLimit(name, args.secretLimit, KIND);
    const workspaceId =
      args.workspaceId === undefined
        ? undefined
        : checked(args.workspaceId, (v) => checkWorkspaceId(v, fail));
    const existing = args.existingServicePrincipal;
    if (existing !== undefined) {
      if (typeof existing !== "object" || existing === null) {
        throw fail("existingServicePrincipal", "must be an object { applicationId, id }");
      }
      if (existing.applicationId === undefined || existing.applicationId === "") {
        throw fail(
          "existingServicePrincipal.applicationId",
          "is required: the principal's application id (a UUID), shown in the account console",
        );
      }
      if (existing.id === undefined || existing.id === "") {
        throw fail(
          "existingServicePrincipal.id",
          "is required: the principal's account SCIM id (digits), shown in the account console",
        );
      }
      if (args.servicePrincipalName !== undefined) {
        throw fail(
          "servicePrincipalName",
          "names a principal to create, but existingServicePrincipal is given; remove one of them",
        );
      }
    }

    // Component inputs are stored in state: drop the provider object.
    super(
      DATABRICKS_CONNECT_SERVICE_ACCOUNT_TYPE,
      name,
      { ...args, databricksProvider: undefined },
      opts,
    );
    const dbxOpts: pulumi.CustomResourceOptions = {
      parent: this,
      ...(args.databricksProvider ? { provider: args.databricksProvider } : {}),
    };

    if (existing) {
      this.applicationId = pulumi.output(existing.applicationId);
      // Every child waits for the guard, so a principal at its secret limit stops the preview.
      this.servicePrincipalId = guardSecretLimit(this, name, KIND, existing.id, secretLimit);
    } else {
      // State key: renaming this logical name recreates the principal (new application id).
      this.servicePrincipal = declareServicePrincipal(
        `${name}-service-principal`,
        { displayName: args.servicePrincipalName ?? name },
        dbxOpts,
      );
      this.applicationId = this.servicePrincipal.applicationId;
      this.servicePrincipalId = this.servicePrincipal.id;
    }

    this.secret = declareServicePrincipalSecret(
      `${name}-secret`,
      {
        servicePrincipalId: this.servicePrincipalId,
        lifetime: lifetimeArgument(lifetimeDays),
        timeRotating: rotationTrigger({ everyDays, rotationKey }, Date.now()),
      },
      dbxOpts,
    );

    if (workspaceId !== undefined) {
      this.workspaceAssignment = declareWorkspaceAssignment(
        `${name}-workspace-assignment`,
        { workspaceId, principalId: this.servicePrincipalId },
        dbxOpts,
      );
    }

    // State key: renaming this logical name recreates the integration and drops content associations.
    this.integration = new ConnectOAuthIntegration(
      `${name}-connect-integration`,
      {
        connectUrl,
        name: args.integrationName ?? name,
        description: args.description,
        template: "databricks",
        authType: "Service Account",
        // The same documented keys as the Viewer component; a principal's secret is confidential.
        config: {
          ...databricksTemplateConfig({
            workspaceHost,
            clientId: this.applicationId,
            confidential: true,
          }),
          ...args.extraConnectConfig,
        },
        // The provider marks it secret; wrap again so the promise holds even under mocks.
        clientSecret: pulumi.secret(this.secret.secret),
        verify,
      },
      // Verification exchanges the secret at the workspace: the assignment must exist first.
      { parent: this, dependsOn: this.workspaceAssignment ? [this.workspaceAssignment] : [] },
    );

    this.secretExpireTime = this.secret.expireTime;
    reportExpiry(
      this,
      {
        kind: KIND,
        name,
        what: "the service principal's OAuth secret",
        fix:
          everyDays === undefined
            ? 'change rotationKey (e.g. rotationKey: "<today>") or set rotation: { everyDays }, and run `pulumi up`: a new secret is issued first and the old one deleted last'
            : "run `pulumi up` (rotation issues a new secret in each new window) or change rotationKey to rotate now",
      },
      this.secretExpireTime,
      // Scheduled rotation replaces the secret before it nears expiry: only an expired one is news.
      everyDays === undefined ? warnDays : 0,
    );
    this.connectIntegrationGuid = this.integration.guid;
    this.verified = this.integration.verified.apply((v) => v === true);
    this.registerOutputs({
      applicationId: this.applicationId,
      servicePrincipalId: this.servicePrincipalId,
      secretExpireTime: this.secretExpireTime,
      connectIntegrationGuid: this.connectIntegrationGuid,
      verified: this.verified,
    });
  }
}

type Fail = (argument: string, reason: string) => ArgumentError;

function checkRotation(rotation: unknown, fail: Fail): number | undefined {
  if (rotation === undefined) return undefined;
  if (typeof rotation !== "object" || rotation === null || Array.isArray(rotation)) {
    throw fail("rotation", "must be an object { everyDays }, e.g. { everyDays: 90 }");
  }
  for (const key of Object.keys(rotation)) {
    if (key !== "everyDays") {
      throw fail(`rotation.${key}`, "is not supported; rotation takes everyDays only");
    }
  }
  const days = (rotation as { everyDays?: unknown }).everyDays;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > MAX_ROTATION_DAYS) {
    throw fail(
      "rotation.everyDays",
      `must be a whole number of days from 1 to ${MAX_ROTATION_DAYS} (the secret lives 14 days longer, and Databricks allows at most ${MAX_SECRET_LIFETIME_DAYS}); got ${JSON.stringify(days)}`,
    );
  }
  return days;
}

function checkRotationKey(key: unknown, fail: Fail): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== "string" || key.trim() === "") {
    throw fail(
      "rotationKey",
      `must be a non-empty string such as "2026-06-leak"; change it to rotate the secret at the next up (got ${JSON.stringify(key)})`,
    );
  }
  return key.trim();
}

/** Rotation must come well before expiry: at least this many days of the lifetime are left. */
export const MIN_ROTATION_MARGIN_DAYS = 7;

function checkLifetime(
  args: { lifetimeDays?: unknown; secretLifetimeDays?: unknown },
  everyDays: number | undefined,
  fail: Fail,
): number {
  if (args.lifetimeDays !== undefined && args.secretLifetimeDays !== undefined) {
    throw fail("secretLifetimeDays", "is the former name of lifetimeDays; give only lifetimeDays");
  }
  const argument = args.lifetimeDays !== undefined ? "lifetimeDays" : "secretLifetimeDays";
  const days = args.lifetimeDays ?? args.secretLifetimeDays;
  if (days === undefined) return secretLifetimeDays(everyDays);
  if (
    typeof days !== "number" ||
    !Number.isInteger(days) ||
    days < 1 ||
    days > MAX_SECRET_LIFETIME_DAYS
  ) {
    throw fail(
      argument,
      `must be a whole number of days from 1 to ${MAX_SECRET_LIFETIME_DAYS} (the Databricks maximum); got ${JSON.stringify(days)}`,
    );
  }
  if (everyDays !== undefined && days < everyDays + MIN_ROTATION_MARGIN_DAYS) {
    throw fail(
      argument,
      `(${days}) must be at least rotation.everyDays + ${MIN_ROTATION_MARGIN_DAYS} (${everyDays + MIN_ROTATION_MARGIN_DAYS}), so the secret is rotated well before it expires and content never loses access; leave it out for ${everyDays + 14}`,
    );
  }
  return days;
}

function checkWorkspaceId(value: unknown, fail: Fail): string {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !/^[1-9][0-9]*$/.test(text.trim())) {
    throw fail(
      "workspaceId",
      `must be the numeric workspace id (e.g. 1234567890123456, the digits after "o=" in the workspace URL); got ${JSON.stringify(value)}`,
    );
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) {
    throw fail(
      "workspaceId",
      `${value} is too large for a JavaScript number and lost digits; pass it as a string`,
    );
  }
  return text.trim();
}
