/**
 * Posit Connect OAuth API emulator: a standalone fake of Connect's `/__api__/v1/oauth/...`
 * endpoints over real HTTP, with fault injection and a request log, for tests and local trials.
 */
export { startEmulator } from "./server";
export type {
  ConnectEmulator,
  EmulatorOptions,
  FaultKind,
  FaultRule,
  RecordedRequest,
  RouteName,
} from "./types";
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
} from "./wire-types";
export { REDACTED } from "./redact";
