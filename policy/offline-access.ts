/**
 * `posit-connect-offline-access`: without `offline_access` Databricks issues no refresh token,
 * so every viewer signs in again whenever the access token expires. Advisory.
 * The component's default scopes (DEFAULT_SCOPES) include it.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { DEFAULT_SCOPES } from "../provider/databricks/custom-app";
import { CUSTOM_APP, OAUTH_COMPONENT, insideComponent, knownStrings, who } from "./types";

const OFFLINE = "offline_access";

export const offlineAccess: ResourceValidationPolicy = {
  name: "posit-connect-offline-access",
  description: "A Viewer app's scopes should include offline_access.",
  enforcementLevel: "advisory",
  validateResource: (args, report) => {
    let scopes: unknown;
    if (args.type === OAUTH_COMPONENT) {
      if (args.props.existingApp !== undefined) return; // scopes belong to the app's owner
      scopes = args.props.scopes ?? [...DEFAULT_SCOPES];
    } else if (args.type === CUSTOM_APP && !insideComponent(args)) {
      scopes = args.props.scopes;
    } else return;
    if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== "string")) return; // unknown
    if (knownStrings(scopes).includes(OFFLINE)) return;
    const defaults = args.type === OAUTH_COMPONENT ? " (or leave scopes out for the defaults)" : "";
    report(
      `${who(args)} asks for scopes [${knownStrings(scopes).join(", ")}] without "${OFFLINE}": ` +
        `Databricks then issues no refresh token and viewers sign in again every time the access ` +
        `token expires. Fix: add "${OFFLINE}" to scopes${defaults}.`,
    );
  },
};
