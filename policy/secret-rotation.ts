/**
 * `posit-connect-secret-rotation`: a service-principal secret that lives too long, rotates too
 * rarely, or never rotates. Mandatory, but silent until a maximum is configured. For the
 * component, the effective lifetime is computed as the component computes it (secretLifetimeDays
 * in provider/databricks/rotation.ts): explicit, else rotation period plus margin, else 730 days.
 * A raw `databricks.ServicePrincipalSecret` is read from its own `lifetime` and `timeRotating`.
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { MAX_SECRET_LIFETIME_DAYS, secretLifetimeDays } from "../provider/databricks/rotation";
import { SERVICE_ACCOUNT_COMPONENT, SP_SECRET, insideComponent, knownNumber, who } from "./types";

export interface SecretRotationConfig {
  maxSecretLifetimeDays?: number;
  maxRotationDays?: number;
}

interface Found {
  /** Rotation period in days; null = never rotates; undefined = rotates, period unknown. */
  period: number | null | undefined;
  lifetimeDays: number | undefined;
  lifetimeName: string;
  fix: (cfg: SecretRotationConfig) => string;
}

/** The component's settings, as the component turns them into the secret's arguments. */
function fromComponent(props: Record<string, unknown>): Found {
  const rotation = props.rotation as { everyDays?: unknown } | undefined;
  const everyDays = knownNumber(rotation?.everyDays);
  const explicit = knownNumber(props.secretLifetimeDays);
  return {
    period: everyDays ?? null,
    lifetimeDays: secretLifetimeDays(everyDays, explicit),
    lifetimeName: explicit !== undefined ? "secretLifetimeDays" : "the secret's lifetime",
    fix: (cfg) =>
      `set rotation: { everyDays: ${cfg.maxRotationDays ?? 90} } (the lifetime then follows ` +
      `the period) or a secretLifetimeDays within the limit`,
  };
}

/** A raw secret: `lifetime` is "<seconds>s" (Databricks' default 730 days); rotation is `timeRotating`. */
function fromRawSecret(props: Record<string, unknown>): Found {
  const raw = props.lifetime;
  const seconds = typeof raw === "string" ? /^(\d+)s$/.exec(raw)?.[1] : undefined;
  const lifetimeDays =
    raw === undefined
      ? MAX_SECRET_LIFETIME_DAYS
      : seconds === undefined
        ? undefined
        : Number(seconds) / 86_400;
  return {
    period: props.timeRotating === undefined ? null : undefined,
    lifetimeDays,
    lifetimeName: "lifetime",
    fix: () =>
      `give timeRotating a value that changes on your rotation schedule and a lifetime ` +
      `within the limit, or use DatabricksConnectServiceAccount with rotation`,
  };
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
  validateResource: (args: ResourceValidationArgs, report) => {
    let found: Found;
    if (args.type === SERVICE_ACCOUNT_COMPONENT) found = fromComponent(args.props);
    else if (args.type === SP_SECRET && !insideComponent(args)) found = fromRawSecret(args.props);
    else return;
    const cfg = args.getConfig<SecretRotationConfig>();
    const problems: string[] = [];
    if (cfg.maxRotationDays !== undefined) {
      if (found.period === null) {
        problems.push(
          args.type === SP_SECRET
            ? "the secret never rotates (no timeRotating)"
            : "the secret never rotates (no rotation.everyDays)",
        );
      } else if (found.period !== undefined && found.period > cfg.maxRotationDays) {
        problems.push(
          `rotation.everyDays is ${found.period}, above maxRotationDays ${cfg.maxRotationDays}`,
        );
      }
    }
    const max = cfg.maxSecretLifetimeDays;
    if (max !== undefined && found.lifetimeDays !== undefined && found.lifetimeDays > max) {
      problems.push(
        `${found.lifetimeName} is ${found.lifetimeDays} days, above maxSecretLifetimeDays ${max}`,
      );
    }
    if (problems.length === 0) return;
    report(`${who(args)}: ${problems.join("; ")}. Fix: ${found.fix(cfg)}.`);
  },
};
