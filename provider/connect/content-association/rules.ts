/**
 * Connect's rules for which integrations a content item may use, checked before writing so the
 * error names the property and the fix (Connect itself would answer with a bare 400).
 * Pure functions; no I/O.
 */
import { versionBefore } from "../permissions";
import type { ConnectContent, Integration } from "../wire";

/**
 * Several integrations per content item: Connect 2025.07.0 and later (posit-sdk-py skips its
 * multi-association test below 2025.07.0; connectapi NEWS 0.8.0: "On Connect v2025.07.0 and
 * higher …"; connect-api.md §4.6, §7).
 */
export const MULTIPLE_ASSOCIATIONS_SINCE = "2025.07.0";

/**
 * App modes of content that runs a process serving viewers. Viewer integrations (and Visitor
 * API Key, a sub-type of Viewer) work only with such interactive content; rendered and static
 * content can use Service Account integrations only (Connect user guide, "OAuth integrations";
 * connect-api.md §4.6, §5.1). Values are Connect's `app_mode` names.
 */
// Arrays, not Sets: a module-level Set does not survive closure serialization (retry.ts).
export const INTERACTIVE_APP_MODES: ReadonlyArray<string> = [
  "shiny",
  "rmd-shiny",
  "quarto-shiny",
  "python-shiny",
  "python-dash",
  "python-streamlit",
  "python-bokeh",
  "python-gradio",
  "python-panel",
  "jupyter-voila",
  "python-fastapi",
  "python-api",
  "api",
  "tensorflow-saved-model",
];

const VIEWER_TYPES: ReadonlyArray<string> = ["Viewer", "Visitor API Key"];

export interface RuleContext {
  content: ConnectContent;
  /** The integrations that would be associated after the write. */
  integrations: Integration[];
  /** `undefined` when the server does not report one. */
  serverVersion: string | undefined;
  /** The argument to name in messages. */
  property: string;
}

/** @returns the first broken rule as a message, or undefined when the set is acceptable */
export function brokenRule(ctx: RuleContext): string | undefined {
  const { content, integrations, serverVersion, property } = ctx;
  if (
    integrations.length > 1 &&
    serverVersion !== undefined &&
    versionBefore(serverVersion, MULTIPLE_ASSOCIATIONS_SINCE)
  ) {
    return (
      `${property}: content ${describe(content)} would have ${integrations.length} OAuth integrations, but this Connect server runs ${serverVersion}; ` +
      `more than one integration per content item needs Connect ${MULTIPLE_ASSOCIATIONS_SINCE} or later. Associate a single integration, or upgrade Connect.`
    );
  }
  // An unknown app mode (not reported) is left to Connect to judge.
  if (content.appMode !== "" && !INTERACTIVE_APP_MODES.includes(content.appMode)) {
    const viewer = integrations.find((i) => VIEWER_TYPES.includes(i.authType));
    if (viewer) {
      return (
        `${property}: integration "${viewer.name}" (${viewer.guid}) uses the ${viewer.authType} authentication type, which works only with interactive content, ` +
        `but ${describe(content)} has app mode "${content.appMode}" (rendered or static). Use a Service Account integration for this content, or associate the integration with interactive content (Shiny, Dash, Streamlit, APIs, …).`
      );
    }
  }
  return undefined;
}

export function describe(content: ConnectContent): string {
  return `"${content.title || content.name}" (${content.guid})`;
}

/** Same members, order ignored. */
export function sameSet(a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}
