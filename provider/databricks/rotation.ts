/**
 * Service-principal secret rotation as plain arithmetic: which rotation window "now" is in, the
 * secret lifetime that outlives a window, and when an expiry deserves a warning. The value
 * returned by {@link rotationTrigger} becomes the secret's `timeRotating` argument; the
 * Databricks provider replaces the secret whenever that string changes, and the engine creates
 * the replacement before it deletes the old one.
 */

const DAY_MS = 86_400_000;

/** Databricks' longest secret lifetime: 730 days (the provider's default, `63072000s`). */
export const MAX_SECRET_LIFETIME_DAYS = 730;
/** Extra life beyond the rotation period, so a late `up` still finds a valid secret. */
export const ROTATION_MARGIN_DAYS = 14;
/** An `up` warns when the secret expires within this many days and nothing rotates it. */
export const EXPIRY_WARNING_DAYS = 14;
/** The longest rotation period that still leaves the margin inside the maximum lifetime. */
export const MAX_ROTATION_DAYS = MAX_SECRET_LIFETIME_DAYS - ROTATION_MARGIN_DAYS;

export interface RotationSettings {
  /** Rotate when an `up` runs in a later window of this many days. */
  everyDays?: number;
  /** Any change rotates at the next `up`. */
  rotationKey?: string;
}

/**
 * Windows are counted from the Unix epoch so the trigger needs no stored state: every `up`
 * inside a window computes the same string, the first `up` after it computes a new one.
 * `undefined` when nothing is configured (the secret is then never replaced by us).
 */
export function rotationTrigger(settings: RotationSettings, now: number): string | undefined {
  const parts: string[] = [];
  if (settings.everyDays !== undefined) {
    const window = Math.floor(now / (settings.everyDays * DAY_MS));
    const start = new Date(window * settings.everyDays * DAY_MS).toISOString().slice(0, 10);
    parts.push(`every ${settings.everyDays}d from ${start}`);
  }
  if (settings.rotationKey !== undefined) parts.push(`key ${settings.rotationKey}`);
  return parts.length === 0 ? undefined : `posit-connect rotation: ${parts.join("; ")}`;
}

/** Lifetime in days: the explicit value, else rotation period plus margin, else Databricks' maximum. */
export function secretLifetimeDays(everyDays: number | undefined, explicit?: number): number {
  if (explicit !== undefined) return explicit;
  if (everyDays === undefined) return MAX_SECRET_LIFETIME_DAYS;
  return everyDays + ROTATION_MARGIN_DAYS;
}

/** The provider's `lifetime` format: whole seconds with an `s` suffix, e.g. `"3888000s"`. */
export function lifetimeArgument(days: number): string {
  return `${days * 86_400}s`;
}

/** Whole days left before `expireTime`, or `undefined` when it cannot be read. */
export function daysUntil(expireTime: string | undefined, now: number): number | undefined {
  if (!expireTime) return undefined;
  const at = Date.parse(expireTime);
  if (Number.isNaN(at)) return undefined;
  return Math.floor((at - now) / DAY_MS);
}

/** The warning an `up` prints, or `undefined` when none is due. */
export function expiryWarning(
  expireTime: string | undefined,
  everyDays: number | undefined,
  now: number,
): string | undefined {
  if (everyDays !== undefined) return undefined;
  const left = daysUntil(expireTime, now);
  if (left === undefined || left > EXPIRY_WARNING_DAYS) return undefined;
  const when = left < 0 ? `expired on ${expireTime}` : `expires on ${expireTime} (in ${left} days)`;
  return (
    `the service principal's OAuth secret ${when}, and no rotation is configured; ` +
    `Connect content using this integration stops working when it expires. ` +
    `Set rotation: { everyDays } (or change rotationKey) and run \`pulumi up\` to issue a new secret first and delete the old one last.`
  );
}
