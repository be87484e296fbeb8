/**
 * `DatabricksConnectOAuth`: a Databricks custom OAuth app wired into a Posit Connect OAuth
 * integration, so Connect content can reach Databricks as the viewing user without anyone
 * copying a client secret by hand. Wiring and secrecy only; each side lives in its own module.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as databricks from "@pulumi/databricks";
import { ConnectOAuthIntegration } from "../connect/oauth-integration/resource";
import { requireSecretApiKey } from "../config";
import type { PermissionArgs } from "../connect/oauth-integration/resource";
import type { ConnectIntegrationAssociations } from "../connect/content-association/integration-set-resource";
import { associateContent, checkAssociateContent } from "./associations";
import type { ConfigValue } from "../connect/wire";
import {
  declareCustomApp,
  DEFAULT_SCOPES,
  redirectUrls,
  TokenAccessPolicy,
} from "../databricks/custom-app";
import {
  ArgumentError,
  checkBoolean,
  checked,
  checkEndpoints,
  checkRedirectUrl,
  checkScopes,
  checkTokenAccessPolicy,
  normaliseBaseUrl,
} from "./args";
import { appSecret, checkAdoptionArgs } from "./adoption";
import { databricksTemplateConfig } from "./databricks-template-config";
import { appSecretExpireTime, checkExpiryWarningDays } from "./secret-expiry";
import {
  appGeneration,
  defaultName,
  checkViewerRotation,
  type ViewerRotation,
} from "./viewer-app-naming";

export interface ExistingDatabricksApp {
  /** Client id of an app a Databricks account admin already registered. */
  clientId: pulumi.Input<string>;
  /** Its client secret; required unless `confidential: false`. Kept secret in state. */
  clientSecret?: pulumi.Input<string>;
}

export interface DatabricksConnectOAuthArgs {
  /** Connect base URL; the app's redirect URL is `<connectUrl>/__oauth__/integrations/callback`. */
  connectUrl: pulumi.Input<string>;
  /** Workspace host name, e.g. `dbc-1234.cloud.databricks.com` (`https://` is accepted and dropped; Connect gets the bare host). */
  workspaceHost: pulumi.Input<string>;
  /** `false` registers a public app (PKCE, no secret) and Connect gets no secret. @default true */
  confidential?: boolean;
  /**
   * Databricks app name. Changing it replaces the app (new client id and secret; the new app is
   * created first). A rotated app gets `-r<hash>` appended. @default `<component name>-<stack>`
   * (stacks created before 0.2 keep the name they have: see docs/rotation.md)
   */
  appName?: pulumi.Input<string>;
  /** Connect integration name. @default `<component name>-<stack>` (existing stacks keep theirs) */
  integrationName?: pulumi.Input<string>;
  /** Connect integration description, shown to publishers. */
  description?: pulumi.Input<string>;
  /** OAuth scopes of the app; when not the default six, Connect gets them too (`scopes`, space-separated). @default ["all-apis", "sql", "offline_access", "openid", "profile", "email"] */
  scopes?: string[];
  /** Workbench base URL; adds `<workbenchUrl>/oauth_redirect_callback` so one app serves Workbench too. */
  workbenchUrl?: pulumi.Input<string>;
  /** More redirect URLs, e.g. for a second Connect server. */
  extraRedirectUrls?: string[];
  /** Token lifetimes, validated against the Databricks API's ranges. */
  tokenAccessPolicy?: TokenAccessPolicy;
  /** Use an app an admin already registered instead of creating one. */
  existingApp?: ExistingDatabricksApp;
  /** Account-level Databricks provider. @default the `databricks` entry of `opts.providers`, else the default provider */
  databricksProvider?: databricks.Provider;
  /** More Connect `databricks` template keys (non-secret), merged over the ones this component sets. */
  extraConnectConfig?: Record<string, pulumi.Input<ConfigValue>>;
  /**
   * GUID of a Connect integration made by hand: the first `up` adopts it (no POST, at most one
   * PATCH) and its content associations stay. See ConnectOAuthIntegration's `adoptGuid`.
   */
  adoptConnectIntegrationGuid?: pulumi.Input<string>;
  /**
   * Integration id of a Databricks app registered by hand (`integration_id` in the output of
   * `databricks account custom-app-integration create`), passed to the app as Pulumi's `import`
   * option. The program's app arguments (name, scopes, redirect URLs, …) must match the app.
   * Databricks never returns an existing app's secret, so Connect keeps the one it has unless
   * `importedAppClientSecret` is given or a replacement of the app issues a new one.
   */
  importDatabricksAppId?: string;
  /** The imported app's client secret, if you still have it; sent to Connect. Kept secret. */
  importedAppClientSecret?: pulumi.Input<string>;
  /**
   * Who may attach the integration to content (`{ userGuid }` / `{ groupGuid }` entries); `[]`
   * = every publisher; omitted = left alone. See ConnectOAuthIntegration's `permissions`.
   */
  permissions?: pulumi.Input<pulumi.Input<PermissionArgs>[]>;
  /**
   * Content GUIDs to associate with the new integration, each as a ConnectContentIntegration
   * child that leaves the item's other associations alone. Content must be interactive (the
   * integration is a Viewer integration).
   */
  associateContent?: pulumi.Input<string>[];
  /** Warn during preview and up when the app's client secret expires within this many days (0: never). @default 30 */
  expiryWarningDays?: number;
  /**
   * Planned rotation of the Databricks app: the first `up` in each new window of `everyDays`
   * days registers a new app, gives Connect its client id and secret in one PATCH, and deletes
   * the old app last. Viewers authorise the new app once. See docs/rotation.md.
   */
  rotation?: ViewerRotation;
  /** Any change replaces the app at the next `up`, as a rotation window does. */
  rotationKey?: string;
}

export const DATABRICKS_CONNECT_OAUTH_TYPE = "posit-connect:databricks:OAuth";

export class DatabricksConnectOAuth extends pulumi.ComponentResource {
  /** The OAuth client id Connect uses. */
  public readonly clientId: pulumi.Output<string>;
  /** Secret; `undefined` for public apps. */
  public readonly clientSecret: pulumi.Output<string | undefined>;
  /** Databricks integration id; `undefined` with `existingApp`. */
  public readonly databricksIntegrationId: pulumi.Output<string | undefined>;
  public readonly redirectUrls: pulumi.Output<string[]>;
  public readonly connectIntegrationGuid: pulumi.Output<string>;
  /** When the app's client secret expires (RFC 3339), as the account API reports it; undefined when it does not (secret-expiry.ts). */
  public readonly clientSecretExpireTime: pulumi.Output<string | undefined>;
  /** The Databricks app; absent with `existingApp`. */
  public readonly app?: databricks.CustomAppIntegration;
  public readonly integration: ConnectOAuthIntegration;
  /** The child owning `associateContent`; absent without it. */
  public readonly contentAssociations?: ConnectIntegrationAssociations;

  constructor(
    name: string,
    args: DatabricksConnectOAuthArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Checks run before super() so a bad argument registers nothing at all.
    requireSecretApiKey();
    const confidential = checkBoolean(name, "confidential", args.confidential, true);
    const { connectUrl, workspaceHost } = checkEndpoints(name, args);
    const workbenchUrl =
      args.workbenchUrl === undefined
        ? undefined
        : checked(args.workbenchUrl, (v) => normaliseBaseUrl(name, "workbenchUrl", v));
    // Array.from visits holes in sparse arrays, which map() would skip.
    const extra = Array.from(args.extraRedirectUrls ?? [], (u, i) => checkRedirectUrl(name, i, u));
    const scopes = checkScopes(name, args.scopes ?? [...DEFAULT_SCOPES]);
    const tokenAccessPolicy = checkTokenAccessPolicy(name, args.tokenAccessPolicy);
    const adoption = checkAdoptionArgs(name, args, confidential);
    checkAssociateContent(name, args.associateContent);
    const warnDays = checkExpiryWarningDays(name, args.expiryWarningDays, "DatabricksConnectOAuth");
    checkViewerRotation(name, args);
    if (args.existingApp) {
      if (args.existingApp.clientId === undefined || args.existingApp.clientId === "") {
        throw new ArgumentError(
          name,
          "existingApp.clientId",
          "is required: the client id the Databricks admin registered",
        );
      }
      // An adopted integration already holds the secret; Connect keeps it when none is sent.
      if (
        confidential &&
        args.existingApp.clientSecret === undefined &&
        args.adoptConnectIntegrationGuid === undefined
      ) {
        throw new ArgumentError(
          name,
          "existingApp.clientSecret",
          "is required for a confidential app; pass it as a secret (config.requireSecret), set confidential: false for a public app, or adopt an integration that already holds it with adoptConnectIntegrationGuid (and keep that argument afterwards)",
        );
      }
    }

    // Component inputs are stored in state: keep the secret an encrypted Output, drop the provider object.
    const existingSecret =
      args.existingApp?.clientSecret === undefined
        ? undefined
        : pulumi.secret(args.existingApp.clientSecret);
    super(
      DATABRICKS_CONNECT_OAUTH_TYPE,
      name,
      {
        ...args,
        databricksProvider: undefined,
        existingApp: args.existingApp && {
          clientId: args.existingApp.clientId,
          clientSecret: existingSecret,
        },
        importedAppClientSecret: adoption.importedSecret,
      },
      retainChildren(opts),
    );

    if (args.existingApp) warnIgnoredWithExistingApp(this, name, args);
    if (args.importDatabricksAppId !== undefined) warnImportLeftInConfig(this, name);
    // Pulumi does not pass retainOnDelete down to children; a component asked to keep what it
    // manages on delete (a reversible trial of adoption) must pass it on itself.
    const retain = opts?.retainOnDelete ? { retainOnDelete: true } : {};
    const stack = pulumi.getStack();

    this.redirectUrls = pulumi
      .all([connectUrl, workbenchUrl])
      .apply(([c, w]) => redirectUrls(c, w, extra));

    let clientId: pulumi.Input<string>;
    let clientSecret: pulumi.Input<string> | undefined;
    if (args.existingApp) {
      clientId = args.existingApp.clientId;
      clientSecret = confidential ? existingSecret : undefined;
      this.databricksIntegrationId = pulumi.output<string | undefined>(undefined);
    } else {
      // Logical name and app name both carry the rotation generation: a new generation is a new
      // resource, created before Connect's PATCH; the engine deletes the old one only after every
      // other step succeeded, so Connect never holds the client id of a deleted app.
      const generation = appGeneration(args, Date.now());
      const explicitName = args.appName !== undefined;
      const baseName = args.appName ?? defaultName(name, stack);
      this.app = declareCustomApp(
        `${name}-databricks-app${generation.resourceSuffix}`,
        {
          name: pulumi.output(baseName).apply((n) => `${n}${generation.nameSuffix}`),
          confidential,
          redirectUrls: this.redirectUrls,
          scopes,
          tokenAccessPolicy,
        },
        {
          parent: this,
          ...retain,
          // The bridged provider answers a replacement of an app whose `name` was set (not
          // autonamed) with delete-first (pulumi-terraform-bridge nameRequiresDeleteBeforeReplace);
          // an explicit false is the engine's override (step_generator.go), so the old app lives
          // until its replacement exists and Connect has moved over.
          deleteBeforeReplace: false,
          // Upgrade path: stacks made before the default included the stack keep their app name
          // (the engine keeps the stored value); only new stacks and new generations use it.
          ...(explicitName || generation.resourceSuffix !== "" ? {} : { ignoreChanges: ["name"] }),
          ...(args.databricksProvider ? { provider: args.databricksProvider } : {}),
          // A rotated generation is a new app: never an import of the hand-made one.
          ...(args.importDatabricksAppId && generation.resourceSuffix === ""
            ? {
                import: args.importDatabricksAppId,
                // Renamed without aliases, the component under its new name imports the same
                // app again, and the engine would then delete it under the old name: Connect
                // would hold the client id of a deleted app. Deleted together with this
                // component, the import is dropped from state only; a rotation (the component
                // stays) still deletes it. Cost: `destroy` leaves it too, until the key goes.
                deletedWith: this,
              }
            : {}),
        },
      );
      clientId = this.app.clientId;
      // The provider marks it secret; wrap again so the promise holds even under mocks.
      clientSecret = confidential
        ? // Resolving to undefined means "no secret": the input is then left out.
          (appSecret(this.app.clientSecret, adoption.importedSecret) as pulumi.Output<string>)
        : undefined;
      this.databricksIntegrationId = this.app.integrationId.apply((id) => id as string | undefined);
    }

    // State key: renaming this logical name recreates the integration and drops content associations.
    this.integration = new ConnectOAuthIntegration(
      `${name}-connect-integration`,
      {
        connectUrl,
        name: args.integrationName ?? defaultName(name, stack),
        description: args.description,
        template: "databricks",
        authType: "Viewer",
        config: {
          ...databricksTemplateConfig({
            workspaceHost,
            clientId,
            confidential,
            appScopes: args.existingApp ? undefined : scopes,
          }),
          ...args.extraConnectConfig,
        },
        clientSecret,
        adoptGuid: args.adoptConnectIntegrationGuid,
        permissions: args.permissions,
      },
      {
        parent: this,
        ...retain,
        // Upgrade path, as for the app: an existing stack keeps its integration's name.
        ...(args.integrationName === undefined ? { ignoreChanges: ["name"] } : {}),
      },
    );
    this.contentAssociations = associateContent(
      name,
      this,
      connectUrl,
      // The id (= guid) stays known while an integration update is previewed; `guid` would
      // be unknown then and the associations would preview as replaced.
      this.integration.id,
      args.associateContent,
      retain,
    );

    this.clientId = pulumi.output(clientId);
    this.clientSecret =
      clientSecret === undefined
        ? pulumi.output<string | undefined>(undefined)
        : pulumi.secret(clientSecret);
    this.connectIntegrationGuid = this.integration.guid;
    this.clientSecretExpireTime = appSecretExpireTime(this, name, this.app, confidential, warnDays);
    this.registerOutputs({
      clientId: this.clientId,
      clientSecret: this.clientSecret,
      databricksIntegrationId: this.databricksIntegrationId,
      redirectUrls: this.redirectUrls,
      connectIntegrationGuid: this.connectIntegrationGuid,
      clientSecretExpireTime: this.clientSecretExpireTime,
    });
  }
}

/**
 * `retainOnDelete` reaches every child, including the content-association children another
 * module declares: a transformation on the component applies to each resource parented to it.
 */
function retainChildren(
  opts: pulumi.ComponentResourceOptions | undefined,
): pulumi.ComponentResourceOptions | undefined {
  if (!opts?.retainOnDelete) return opts;
  const keep: pulumi.ResourceTransformation = (a) => ({
    props: a.props,
    opts: { ...a.opts, retainOnDelete: true },
  });
  return { ...opts, transformations: [...(opts.transformations ?? []), keep] };
}

function warnImportLeftInConfig(component: DatabricksConnectOAuth, name: string): void {
  void pulumi.log.warn(
    `DatabricksConnectOAuth "${name}": importDatabricksAppId is set. Remove it after the first \`up\` has imported the app: while it is set, the engine refuses any change that replaces the app (appName, confidential), and \`pulumi destroy\` leaves the app in Databricks. Planned rotation (rotation / rotationKey) is not blocked: it registers a new app and deletes the imported one.`,
    component,
  );
}

/** Arguments that only shape the Databricks app this component creates, which existingApp skips. */
const APP_ONLY_ARGUMENTS = ["appName", "scopes", "tokenAccessPolicy"] as const;

function warnIgnoredWithExistingApp(
  component: DatabricksConnectOAuth,
  name: string,
  args: DatabricksConnectOAuthArgs,
): void {
  const ignored = APP_ONLY_ARGUMENTS.filter((a) => args[a] !== undefined);
  if (ignored.length === 0) return;
  void pulumi.log.warn(
    `DatabricksConnectOAuth "${name}": ${ignored.join(", ")} ${ignored.length === 1 ? "is" : "are"} ignored with existingApp: the Databricks app already exists and is not managed here. Set them on that app in Databricks, or remove existingApp to let Pulumi create the app.`,
    component,
  );
}
