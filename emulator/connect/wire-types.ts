/**
 * Connect wire shapes (snake_case, as on the wire), after connect-api.md §3. Only the fields the
 * emulator produces are listed; newer optional fields (permissions, environment_variables,
 * content_count) are left out of integrations so objects match the 2024.12/2025.07 fixtures.
 */

/** A config value as Connect stores it: template fields are strings, bool options booleans. */
export type ConfigValue = string | boolean;

/** `OAuthIntegration` (connect-api.md §3.1). */
export interface WireIntegration {
  id: string;
  guid: string;
  created_time: string;
  updated_time: string;
  name: string | null;
  description: string | null;
  template: string;
  /** Absent before Connect 2024.12 (behaviour.ts `authType`). */
  auth_type?: string;
  /** Non-secret keys only: secret template fields are write-only. */
  config: Record<string, ConfigValue>;
  /** Only from Connect versions that know integration permissions (see directory.ts). */
  permissions?: WirePermission[];
}

/** `OAuthIntegrationPermission` (connect-api.md §3.4). */
export interface WirePermission {
  id: string;
  guid: string;
  integration_guid: string;
  user_guid: string | null;
  group_guid: string | null;
}

/** `OAuthIntegrationPermissionInput` (connect-api.md §3.4). */
export interface WirePermissionInput {
  user_guid?: string | null;
  group_guid?: string | null;
}

/** `OAuthIntegrationAssociationOutput`, shaped like the 2025.07.0 fixture (connect-api.md §3.5). */
export interface WireAssociation {
  app_guid: string;
  content_guid: string;
  oauth_integration_guid: string;
  oauth_integration_name: string | null;
  oauth_integration_description: string | null;
  oauth_integration_template: string | null;
  oauth_integration_auth_type: string | null;
  created_time: string;
}

/** Condition deciding whether the Connect UI shows an option or field. */
export interface WireVisibilityExpression {
  name?: string;
  value?: unknown;
  operator?: string;
  operands?: WireVisibilityExpression[];
}

export interface WireTemplateSection {
  id: number;
  order: number;
  name: string;
  description: string;
}

/** `ServicePrincipalTemplateOption`: a bool or select input. */
export interface WireTemplateOption {
  name: string;
  label: string;
  description: string;
  order: number;
  type: "bool" | "select";
  values?: string[];
  default?: string | boolean;
  visibility_expression?: WireVisibilityExpression;
}

/** `ServicePrincipalTemplateField`: a text input. */
export interface WireTemplateField {
  name: string;
  label: string;
  description: string;
  order: number;
  secret: boolean;
  multiline: boolean;
  /** Regular expression the value must match. */
  validation?: string;
  validation_description?: string;
  default?: string;
  visibility_expression?: WireVisibilityExpression;
}

/** `OAuthTemplate` (connect-api.md §3.6). */
export interface WireTemplate {
  id: string;
  name: string;
  description: string;
  sections: WireTemplateSection[];
  options: WireTemplateOption[];
  fields: WireTemplateField[];
  environment_variables: string[];
}

/** `APIError`: every error body has exactly these keys. */
export interface WireError {
  code: number;
  error: string;
  payload: null;
}
