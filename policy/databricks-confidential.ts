/**
 * `posit-connect-databricks-confidential`: a public Databricks app (`confidential: false`) has no
 * client secret; anyone holding its client id can run the PKCE flow. Advisory.
 * The component defaults to confidential; the raw resource defaults to public (Databricks' API).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CUSTOM_APP, OAUTH_COMPONENT, insideComponent, who } from "./types";

export const databricksConfidential: ResourceValidationPolicy = {
  name: "posit-connect-databricks-confidential",
  description: "The Databricks OAuth app behind Connect should be confidential.",
  enforcementLevel: "advisory",
  validateResource: (args, report) => {
    let isPublic = false;
    if (args.type === OAUTH_COMPONENT) {
      // existingApp: nothing is registered, but Connect is still told the app is public.
      isPublic = args.props.confidential === false;
    } else if (args.type === CUSTOM_APP && !insideComponent(args)) {
      isPublic = args.props.confidential !== true;
    }
    if (isPublic) {
      report(
        `${who(args)} registers a public Databricks app (confidential: false): it gets no client ` +
          `secret. Fix: set confidential: true (the component's default) so Connect authenticates ` +
          `the app with a secret.`,
      );
    }
  },
};
