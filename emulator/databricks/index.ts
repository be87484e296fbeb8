/**
 * Databricks account API emulator: a standalone fake of the account-level OAuth, custom OAuth
 * app, SCIM service-principal, SP-secret and workspace-assignment endpoints over real HTTP, with
 * fault injection and a request log, for tests, the demo and local trials.
 */
export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_ADMIN,
  DEFAULT_WORKSPACE_ID,
  startDatabricksEmulator,
} from "./server";
export type {
  ClientCredentials,
  CustomAppTamper,
  DatabricksCaller,
  DatabricksEmulator,
  DatabricksEmulatorOptions,
  DatabricksFaultRule,
  DatabricksRecordedRequest,
  DatabricksRouteName,
  DatabricksSnapshot,
  EmulatedWorkspace,
  FaultKind,
  WorkspaceOption,
} from "./types";
export type * from "./wire-types";
export { REDACTED } from "./redact";
