/**
 * `posit-connect-verify`: with `verify: false` Connect stores a Service Account integration
 * without checking that the principal's credentials work, so a typo surfaces only when content
 * first runs. Advisory.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SERVICE_ACCOUNT_COMPONENT, who } from "./types";

export const verify: ResourceValidationPolicy = {
  name: "posit-connect-verify",
  description: "Connect should verify a Service Account integration's credentials.",
  enforcementLevel: "advisory",
  validateResource: (args, report) => {
    if (args.type !== SERVICE_ACCOUNT_COMPONENT || args.props.verify !== false) return;
    report(
      `${who(args)} has verify: false, so Connect saves the credentials without testing them and ` +
        `a wrong secret shows only when content runs. Fix: remove verify: false (verification is ` +
        `the default).`,
    );
  },
};
