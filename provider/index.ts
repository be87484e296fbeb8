export {
  ConnectOAuthIntegration,
  OAUTH_INTEGRATION_TYPE,
  oauthIntegrationProvider,
} from "./connect/oauth-integration/resource";
export type { ConnectOAuthIntegrationArgs } from "./connect/oauth-integration/resource";
export { OAuthIntegrationProvider } from "./connect/oauth-integration/provider-instance";
export type {
  OAuthIntegrationInputs,
  OAuthIntegrationOutputs,
} from "./connect/oauth-integration/types";
export { ConnectClient } from "./connect/client";
export type { ClientOptions } from "./connect/client";
export { ConnectError } from "./connect/errors";
export type { ConfigValue, Integration } from "./connect/wire";
export { CONFIG_KEYS, ENV } from "./connect/settings";
export {
  DatabricksConnectOAuth,
  DATABRICKS_CONNECT_OAUTH_TYPE,
} from "./components/databricks-connect-oauth";
export type {
  DatabricksConnectOAuthArgs,
  ExistingDatabricksApp,
} from "./components/databricks-connect-oauth";
export {
  DatabricksConnectServiceAccount,
  DATABRICKS_CONNECT_SERVICE_ACCOUNT_TYPE,
} from "./components/service-account";
export type {
  DatabricksConnectServiceAccountArgs,
  ExistingServicePrincipal,
  SecretRotation,
} from "./components/service-account";
export { ArgumentError } from "./components/args";
export type { ComponentKind } from "./components/args";
export {
  MAX_ROTATION_DAYS,
  MAX_SECRET_LIFETIME_DAYS,
  ROTATION_MARGIN_DAYS,
  EXPIRY_WARNING_DAYS,
} from "./databricks/rotation";
export {
  DEFAULT_SCOPES,
  CONNECT_CALLBACK_PATH,
  WORKBENCH_CALLBACK_PATH,
  redirectUrls,
} from "./databricks/custom-app";
export type { TokenAccessPolicy } from "./databricks/custom-app";
export type { PermissionArgs } from "./connect/oauth-integration/resource";
export type { Permission, Association } from "./connect/wire";
export {
  ConnectContentIntegrations,
  CONTENT_INTEGRATIONS_TYPE,
} from "./connect/content-association/set-resource";
export type { ConnectContentIntegrationsArgs } from "./connect/content-association/set-resource";
export {
  ConnectContentIntegration,
  CONTENT_INTEGRATION_TYPE,
} from "./connect/content-association/single-resource";
export type { ConnectContentIntegrationArgs } from "./connect/content-association/single-resource";
export {
  ConnectIntegrationAssociations,
  INTEGRATION_ASSOCIATIONS_TYPE,
} from "./connect/content-association/integration-set-resource";
export type { ConnectIntegrationAssociationsArgs } from "./connect/content-association/integration-set-resource";
export { IntegrationAssociationsProvider } from "./connect/content-association/integration-set-provider-instance";
export { ContentIntegrationsProvider } from "./connect/content-association/set-provider-instance";
export { ContentIntegrationProvider } from "./connect/content-association/single-provider-instance";
export type {
  ContentIntegrationsInputs,
  ContentIntegrationsOutputs,
  ContentIntegrationInputs,
  ContentIntegrationOutputs,
  IntegrationAssociationsInputs,
  IntegrationAssociationsOutputs,
} from "./connect/content-association/types";
export { PERMISSIONS_SINCE } from "./connect/permissions";
export { MULTIPLE_ASSOCIATIONS_SINCE } from "./connect/content-association/rules";
export { getConnectUser, getConnectGroup, getConnectContent } from "./connect/lookups";
export type {
  GetConnectUserArgs,
  GetConnectGroupArgs,
  GetConnectContentArgs,
  ConnectUser,
  ConnectGroup,
  ConnectContent,
} from "./connect/lookups";
