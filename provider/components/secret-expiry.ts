/**
 * Expiry warnings shared by `DatabricksConnectOAuth` and `DatabricksConnectServiceAccount`: when
 * a secret expires within `expiryWarningDays` the component warns; an expired secret is logged at
 * error level with the exact change that rotates it. Logging never throws, so the `up` that
 * applies that change is not blocked (a thrown error would stop the very fix).
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentError, type ComponentKind } from "./args";
import { accountCredentials, readAppSecretExpiry } from "../databricks/app-secret-expiry";

/** Warn this many days ahead unless the component says otherwise. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ExpiryNotice {
  level: "warn" | "error";
  message: string;
}

export interface ExpirySubject {
  kind: ComponentKind;
  name: string;
  /** e.g. "the Databricks app's client secret". */
  what: string;
  /** The exact change that rotates it, e.g. `change rotationKey to a new value and run \`pulumi up\``. */
  fix: string;
}

/** The notice an expiry deserves at `now`, or `undefined` (far off, or unknown). */
export function expiryNotice(
  subject: ExpirySubject,
  expireTime: string | undefined,
  now: number,
  warnDays: number,
): ExpiryNotice | undefined {
  if (!expireTime) return undefined;
  const at = Date.parse(expireTime);
  if (Number.isNaN(at)) return undefined;
  const prefix = `${subject.kind} "${subject.name}": ${subject.what}`;
  if (at <= now) {
    return {
      level: "error",
      message: `${prefix} expired on ${expireTime}; Connect content using this integration cannot reach Databricks. To rotate it, ${subject.fix}.`,
    };
  }
  const days = Math.floor((at - now) / DAY_MS);
  if (days >= warnDays) return undefined;
  return {
    level: "warn",
    message: `${prefix} expires on ${expireTime} (in ${days} days). To rotate it before then, ${subject.fix}.`,
  };
}

/** Logs the notice for `expireTime` when it resolves (preview and up alike). */
export function reportExpiry(
  resource: pulumi.Resource,
  subject: ExpirySubject,
  expireTime: pulumi.Output<string | undefined>,
  warnDays: number,
  now: () => number = Date.now,
): void {
  expireTime.apply((t) => {
    const notice = expiryNotice(subject, t, now(), warnDays);
    if (notice?.level === "error") void pulumi.log.error(notice.message, resource);
    else if (notice) void pulumi.log.warn(notice.message, resource);
    return t;
  });
}

/** `expiryWarningDays`: a whole number of days from 0 to 730; `undefined` gives the default. */
export function checkExpiryWarningDays(
  component: string,
  value: unknown,
  kind: ComponentKind,
): number {
  if (value === undefined) return DEFAULT_EXPIRY_WARNING_DAYS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 730) {
    throw new ArgumentError(
      component,
      "expiryWarningDays",
      `must be a whole number of days from 0 to 730 (0 turns the warning off); got ${JSON.stringify(value)}`,
      kind,
    );
  }
  return value;
}

/**
 * `DatabricksConnectOAuth`'s `clientSecretExpireTime`: read from the account API by the
 * component (databricks/app-secret-expiry.ts), then the notice. Without an app, or for a public
 * one, there is nothing to expire. Runs in preview too once the app exists.
 */
export function appSecretExpireTime(
  component: pulumi.ComponentResource,
  name: string,
  app: { integrationId: pulumi.Output<string> } | undefined,
  confidential: boolean,
  warnDays: number,
): pulumi.Output<string | undefined> {
  if (!app || !confidential) return pulumi.output<string | undefined>(undefined);
  const expireTime = app.integrationId.apply(async (id) => {
    const credentials = accountCredentials({ get: (k) => pulumi.runtime.getConfig(k) });
    const read = await readAppSecretExpiry(credentials, id);
    // Debug, not info: under the documented API the expiry is never readable, and a line on
    // every preview of every stack would be noise (`pulumi up -v` or --debug shows it).
    if (read.note) {
      void pulumi.log.debug(
        `DatabricksConnectOAuth "${name}": the app's client secret expiry is unknown: ${read.note}`,
        component,
      );
    }
    return read.expireTime;
  });
  reportExpiry(
    component,
    {
      kind: "DatabricksConnectOAuth",
      name,
      what: "the Databricks app's client secret",
      fix: "replace the app (Databricks has no rotate-secret call): set rotation or change rotationKey on DatabricksConnectOAuth and run `pulumi up`; the new app and secret reach Connect before the old app is deleted",
    },
    expireTime,
    warnDays,
  );
  return expireTime;
}
