/** The seven policies, in the order the docs list them (docs/policies.md). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { databricksConfidential } from "./databricks-confidential";
import { httpsRedirects } from "./https-redirects";
import { integrationOpenToAll } from "./integration-open-to-all";
import { offlineAccess } from "./offline-access";
import { secretRotation } from "./secret-rotation";
import { tokenTtl } from "./token-ttl";
import { verify } from "./verify";

export const POLICIES: ResourceValidationPolicy[] = [
  integrationOpenToAll,
  databricksConfidential,
  httpsRedirects,
  offlineAccess,
  tokenTtl,
  secretRotation,
  verify,
];
