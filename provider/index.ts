export { ConnectOAuthIntegration, OAUTH_INTEGRATION_TYPE } from "./connect/oauth-integration/resource";
export type { ConnectOAuthIntegrationArgs } from "./connect/oauth-integration/resource";
export { OAuthIntegrationProvider } from "./connect/oauth-integration/shim";
export type { OAuthIntegrationInputs, OAuthIntegrationOutputs } from "./connect/oauth-integration/types";
export { ConnectClient } from "./connect/client";
export type { ClientOptions } from "./connect/client";
export { ConnectError } from "./connect/errors";
export type { ConfigValue, Integration } from "./connect/wire";
export { CONFIG_KEYS, ENV } from "./connect/settings";
