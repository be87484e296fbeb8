/**
 * Posit Connect OAuth API emulator: a standalone fake of Connect's `/__api__/v1/oauth/...`
 * endpoints over real HTTP, with fault injection and a request log, for tests and local trials.
 */
export { startEmulator } from "./connect/server";
export type {
  ConnectEmulator,
  EmulatorOptions,
  FaultKind,
  FaultRule,
  RecordedRequest,
  RouteName,
} from "./connect/types";
export type {
  ConfigValue,
  WireAssociation,
  WireError,
  WireIntegration,
  WirePermissionInput,
  WireTemplate,
  WireTemplateField,
  WireTemplateOption,
  WireTemplateSection,
  WireVisibilityExpression,
} from "./connect/wire-types";
export { REDACTED } from "./connect/redact";
