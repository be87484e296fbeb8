/**
 * The guard against Databricks' per-principal OAuth secret limit, for a principal the component
 * did not create (`existingServicePrincipal`): before anything is created, the principal's
 * active secrets are read from the account API, and when one more secret (a first secret, or the
 * create-first rotation's replacement) would pass the limit, the program stops with an error
 * naming the fix. A vendor guide says 5 active secrets; Databricks does not document it, so the
 * limit is an argument. A principal this component creates holds at most its two secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { accountCredentials } from "../databricks/app-secret-expiry";
import { DatabricksReadClient } from "../databricks/account-read-client";
import { ArgumentError, type ComponentKind } from "./args";

/** A vendor guide's figure; undocumented by Databricks. */
export const DEFAULT_SECRET_LIMIT = 5;

export function checkSecretLimit(component: string, value: unknown, kind: ComponentKind): number {
  if (value === undefined) return DEFAULT_SECRET_LIMIT;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 2 || value > 1000) {
    throw new ArgumentError(
      component,
      "secretLimit",
      `must be a whole number from 2 to 1000 (a rotation briefly needs two secrets); got ${JSON.stringify(value)}`,
      kind,
    );
  }
  return value;
}

/**
 * Resolves to the principal id once the guard has passed; feed it to every child so nothing is
 * created when it fails. Without account credentials the guard cannot read and says so.
 */
export function guardSecretLimit(
  component: pulumi.ComponentResource,
  name: string,
  kind: ComponentKind,
  principalId: pulumi.Input<string>,
  limit: number,
): pulumi.Output<string> {
  return pulumi.output(principalId).apply(async (id) => {
    const credentials = accountCredentials({ get: (k) => pulumi.runtime.getConfig(k) });
    if (!credentials) {
      void pulumi.log.info(
        `${kind} "${name}": the principal's active OAuth secrets were not counted (no databricks:* config or DATABRICKS_* variables); Databricks may refuse a secret beyond ${limit}`,
        component,
      );
      return id;
    }
    const now = Date.now();
    const active = (await new DatabricksReadClient(credentials).secrets(id)).filter(
      (s) =>
        s.status !== "EXPIRED" && (s.expireTime === undefined || Date.parse(s.expireTime) > now),
    );
    if (active.length >= limit) {
      throw new ArgumentError(
        name,
        "existingServicePrincipal",
        `names principal ${id}, which already has ${active.length} active OAuth secrets; Databricks allows at most ${limit} per principal (secretLimit), and this component needs room for one more (its secret, or a rotation's replacement, which is created before the old one is deleted). Delete unused secrets of that principal in the account console (or with \`databricks account service-principal-secrets delete\`), then run again`,
        kind,
      );
    }
    return id;
  });
}
