/**
 * `posit-connect-integration-open-to-all`: `permissions: []` lets every publisher on the Connect
 * server attach the integration to content (Connect's documented default for an empty list).
 * Advisory; make it mandatory for chosen stacks with a policy config file (docs/policies.md).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
  CONNECT_INTEGRATION,
  OAUTH_COMPONENT,
  SERVICE_ACCOUNT_COMPONENT,
  insideComponent,
  who,
} from "./types";

export const integrationOpenToAll: ResourceValidationPolicy = {
  name: "posit-connect-integration-open-to-all",
  description: "A Connect OAuth integration must name who may use it.",
  enforcementLevel: "advisory",
  validateResource: (args, report) => {
    const ours = [OAUTH_COMPONENT, SERVICE_ACCOUNT_COMPONENT].includes(args.type);
    const direct = args.type === CONNECT_INTEGRATION && !insideComponent(args);
    if (!ours && !direct) return;
    const permissions: unknown = args.props.permissions;
    if (Array.isArray(permissions) && permissions.length === 0) {
      report(
        `${who(args)} has permissions: [], so every publisher on the Connect server may attach it to ` +
          `content. Fix: list the users or groups that may use it, e.g. permissions: [{ groupGuid: "<guid>" }], ` +
          `or leave permissions out to keep the list Connect has.`,
      );
    }
  },
};
