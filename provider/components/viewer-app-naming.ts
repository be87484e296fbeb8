/**
 * How the Viewer component names its Databricks app and Connect integration, and which app
 * "generation" a planned rotation is in. Pure functions, so the rules are testable without the
 * engine.
 *
 * Why generations: Databricks does not document whether custom-app names are unique. A rotated
 * app therefore never reuses the current app's name, and it is a new resource (its own logical
 * name) rather than a replacement of the old one: the engine creates it, Connect gets its client
 * id and secret in one PATCH, and the old app, no longer declared, is deleted in the update's
 * final phase, which never runs when an earlier step (e.g. that PATCH) failed.
 */
import * as crypto from "crypto";
import { ArgumentError } from "./args";
import { rotationTrigger } from "../databricks/rotation";

export interface ViewerRotation {
  /** Register a new app in the first `up` of every window of this many days (1–3650). */
  everyDays: number;
}

/** `<component name>-<stack>`: two stacks of one program never share a name. */
export function defaultName(component: string, stack: string): string {
  return `${component}-${stack}`;
}

export interface AppGeneration {
  /** Appended to the app's logical name; "" for the unrotated app (the name stacks already have). */
  resourceSuffix: string;
  /** Appended to the Databricks app name; "" for the unrotated app. */
  nameSuffix: string;
}

/** The generation `now` falls in; no rotation configured = the unrotated app. */
export function appGeneration(
  args: { rotation?: ViewerRotation; rotationKey?: string },
  now: number,
): AppGeneration {
  const trigger = rotationTrigger(
    { everyDays: args.rotation?.everyDays, rotationKey: args.rotationKey },
    now,
  );
  if (trigger === undefined) return { resourceSuffix: "", nameSuffix: "" };
  const h = crypto.createHash("sha256").update(trigger).digest("hex").slice(0, 8);
  return { resourceSuffix: `-${h}`, nameSuffix: `-r${h}` };
}

export function checkViewerRotation(
  component: string,
  args: { rotation?: ViewerRotation; rotationKey?: unknown; existingApp?: unknown },
): void {
  const days = args.rotation?.everyDays;
  if (args.rotation !== undefined && (!Number.isInteger(days) || days! < 1 || days! > 3650)) {
    throw new ArgumentError(
      component,
      "rotation.everyDays",
      `must be a whole number of days from 1 to 3650; got ${JSON.stringify(days)}`,
    );
  }
  if (
    args.rotationKey !== undefined &&
    (typeof args.rotationKey !== "string" || args.rotationKey === "")
  ) {
    throw new ArgumentError(
      component,
      "rotationKey",
      "must be a non-empty string; change it to rotate",
    );
  }
  if ((args.rotation !== undefined || args.rotationKey !== undefined) && args.existingApp) {
    throw new ArgumentError(
      component,
      "rotation",
      "cannot rotate an app registered by hand (existingApp); remove existingApp to let Pulumi create and rotate the app",
    );
  }
}
