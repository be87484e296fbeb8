/**
 * JSON shapes of the emulated Databricks account API (snake_case and SCIM camelCase as on the
 * wire). Sources, all databricks/databricks-sdk-go @ 1ff3c785 (v0.175.0):
 * - custom apps: `service/oauth2/model.go` CreateCustomAppIntegration(Output),
 *   GetCustomAppIntegrationOutput, GetCustomAppIntegrationsOutput, UpdateCustomAppIntegration,
 *   TokenAccessPolicy;
 * - SP secrets: `service/oauth2/model.go` CreateServicePrincipalSecretRequest/Response,
 *   SecretInfo, ListServicePrincipalSecretsResponse;
 * - service principals: `service/iam/model.go` AccountServicePrincipal, ComplexValue,
 *   ListAccountServicePrincipalsResponse, Patch/PatchOp;
 * - assignments: `service/iam/model.go` UpdateWorkspaceAssignments, PermissionAssignment(s),
 *   PrincipalOutput, WorkspacePermissions/PermissionOutput.
 */

export interface WireTokenAccessPolicy {
  access_token_ttl_in_minutes?: number;
  refresh_token_ttl_in_minutes?: number;
  enable_single_use_refresh_tokens?: boolean;
  absolute_session_lifetime_in_minutes?: number;
}

/** Create response: the only place a custom app's `client_secret` ever appears. */
export interface WireCreateCustomAppIntegrationOutput {
  integration_id: string;
  client_id: string;
  client_secret?: string;
  /** RFC 3339; newest spec only (secret-expiry.ts). */
  client_secret_expire_time?: string;
  /** int64, newest spec only: the service principal associated with the app. */
  principal_id?: number;
}

/** GET / list item (GetCustomAppIntegrationOutput): no secret, ever. */
export interface WireCustomAppIntegration {
  integration_id: string;
  client_id: string;
  name?: string;
  confidential?: boolean;
  redirect_urls?: string[];
  scopes?: string[];
  user_authorized_scopes?: string[];
  token_access_policy?: WireTokenAccessPolicy;
  create_time: string;
  created_by: number;
  creator_username?: string;
  /** int64, newest spec only: the service principal associated with the app. */
  principal_id?: number;
  /** Only with the `appSecretExpiryOnGet` switch (secret-expiry.ts). */
  client_secret_expire_time?: string;
}

export interface WireCustomAppIntegrationList {
  apps: WireCustomAppIntegration[];
  next_page_token?: string;
}

/** Databricks REST error envelope (sdk-go `apierr/errors.go` standardErrorParser). */
export interface WireError {
  error_code: string;
  message: string;
}

/** SCIM error (RFC 7644 §3.12; sdk-go `apierr/errors.go` reads `detail`/`status`/`scimType`). */
export interface WireScimError {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"];
  detail: string;
  status: string;
  scimType?: string;
}

/** OAuth 2.0 token-endpoint error (RFC 6749 §5.2). */
export interface WireOAuthError {
  error: string;
  error_description: string;
}

/** RFC 6749 §5.1 access token response (sdk-go uses golang.org/x/oauth2 clientcredentials). */
export interface WireTokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
}

export interface WireComplexValue {
  display?: string;
  primary?: boolean;
  $ref?: string;
  type?: string;
  value?: string;
}

/** AccountServicePrincipal, plus the SCIM `schemas` every SCIM resource carries. */
export interface WireServicePrincipal {
  schemas: string[];
  id: string;
  account_id: string;
  applicationId: string;
  displayName?: string;
  externalId?: string;
  active: boolean;
  roles?: WireComplexValue[];
}

export interface WireServicePrincipalList {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources?: WireServicePrincipal[];
}

/** SecretInfo: list item; the create response adds `secret`. */
export interface WireSecretInfo {
  id: string;
  secret_hash: string;
  status: "ACTIVE" | "EXPIRED";
  create_time: string;
  update_time: string;
  expire_time?: string;
  /** The scopes named at create (`CreateServicePrincipalSecretRequest.scopes`). */
  scopes?: string[];
}

export interface WireCreateSecretResponse extends WireSecretInfo {
  secret: string;
}

export interface WireSecretList {
  secrets?: WireSecretInfo[];
  next_page_token?: string;
}

export type WireWorkspacePermission = "USER" | "ADMIN";

export interface WirePrincipalOutput {
  principal_id: number;
  display_name?: string;
  service_principal_name?: string;
}

export interface WireAssignment {
  permissions: WireWorkspacePermission[];
  principal: WirePrincipalOutput;
}
