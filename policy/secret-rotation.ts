/**
 * `posit-connect-secret-rotation`: a service-principal secret that lives too long, rotates too
 * rarely, or never rotates. Mandatory, but silent until a maximum is configured. The effective
 * lifetime is computed as the component computes it (secretLifetimeDays in
 * provider/databricks/rotation.ts): explicit, else rotation period plus margin, else 730 days.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { MAX_SECRET_LIFETIME_DAYS, secretLifetimeDays } from "../provider/databricks/rotation";
import { SERVICE_ACCOUNT_COMPONENT, knownNumber, who } from "./types";

export interface SecretRotationConfig {
  maxSecretLifetimeDays?: number;
  maxRotationDays?: number;
}

export const secretRotation: ResourceValidationPolicy = {
  name: "posit-connect-secret-rotation",
  description: "Service-principal secrets must rotate, within the configured maxima.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      maxSecretLifetimeDays: { type: "integer", minimum: 1, maximum: MAX_SECRET_LIFETIME_DAYS },
      maxRotationDays: { type: "integer", minimum: 1, maximum: MAX_SECRET_LIFETIME_DAYS },
    },
  },
  validateResource: (args, report) => {
    if (args.type !== SERVICE_ACCOUNT_COMPONENT) return;
    const cfg = args.getConfig<SecretRotationConfig>();
    if (cfg.maxSecretLifetimeDays === undefined && cfg.maxRotationDays === undefined) return;
    const rotation = args.props.rotation as { everyDays?: unknown } | undefined;
    const everyDays = knownNumber(rotation?.everyDays);
    const explicit = knownNumber(args.props.secretLifetimeDays);
    const problems: string[] = [];
    if (cfg.maxRotationDays !== undefined) {
      if (everyDays === undefined) {
        problems.push("the secret never rotates (no rotation.everyDays)");
      } else if (everyDays > cfg.maxRotationDays) {
        problems.push(
          `rotation.everyDays is ${everyDays}, above maxRotationDays ${cfg.maxRotationDays}`,
        );
      }
    }
    const lifetime = secretLifetimeDays(everyDays, explicit);
    if (cfg.maxSecretLifetimeDays !== undefined && lifetime > cfg.maxSecretLifetimeDays) {
      const source = explicit !== undefined ? "secretLifetimeDays" : "the secret's lifetime";
      problems.push(
        `${source} is ${lifetime} days, above maxSecretLifetimeDays ${cfg.maxSecretLifetimeDays}`,
      );
    }
    if (problems.length === 0) return;
    const period = cfg.maxRotationDays ?? 90;
    report(
      `${who(args)}: ${problems.join("; ")}. Fix: set rotation: { everyDays: ${period} } ` +
        `(the lifetime then follows the period) or a secretLifetimeDays within the limit.`,
    );
  },
};
