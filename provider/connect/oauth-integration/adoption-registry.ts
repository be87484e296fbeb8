/**
 * Catches two resources of one program laying claim to the same Connect integration: two
 * `adoptGuid`s with the same GUID, or an `adoptGuid` naming an integration another resource of
 * the stack already manages. A dynamic provider's `check` sees one resource at a time, so the
 * check lives here, in the program: it runs at preview, before any request is sent.
 *
 * One registry per program run, keyed by the engine connection (each Pulumi mocks set-up gets
 * its own), so test runs in one process do not see each other's resources.
 */
import * as pulumi from "@pulumi/pulumi";

interface Claim {
  resource: pulumi.Resource | undefined;
  name: string;
}

interface Registry {
  adopted: Map<string, Claim>;
  managed: Map<string, Claim>;
}

const registries = new WeakMap<object, Registry>();
const outsideAnyProgram = {};

function registry(): Registry {
  const key = (pulumi.runtime.getMonitor() as object | undefined) ?? outsideAnyProgram;
  let r = registries.get(key);
  if (!r) {
    r = { adopted: new Map(), managed: new Map() };
    registries.set(key, r);
  }
  return r;
}

/** The error for a conflicting claim; throws nothing itself. */
export function adoptionConflict(guid: string, claimant: string, holder: string, how: string) {
  return (
    `ConnectOAuthIntegration "${claimant}": adoptGuid ${guid} names an integration that ${how} "${holder}" in this stack. ` +
    "One integration can be managed by one resource only; remove adoptGuid from one of them."
  );
}

/**
 * Records that `name` adopts `guid`. Throws (a plain value is checked at once, so the program
 * stops before registering anything) when another resource adopts or manages the same GUID.
 */
export function claimAdoption(guid: string, name: string): void {
  const r = registry();
  const key = guid.trim();
  const other = r.adopted.get(key);
  if (other && other.name !== name) {
    throw new pulumi.ResourceError(
      adoptionConflict(key, name, other.name, "is also adopted by"),
      other.resource,
      true,
    );
  }
  const manager = r.managed.get(key);
  if (manager && manager.name !== name) {
    throw new pulumi.ResourceError(
      adoptionConflict(key, name, manager.name, "is already managed by"),
      manager.resource,
      true,
    );
  }
  r.adopted.set(key, { resource: undefined, name });
}

/** Records that `resource` manages `guid` (its id, once known); checks it against adoptions. */
export function noteManaged(guid: string, resource: pulumi.Resource, name: string): void {
  const r = registry();
  r.managed.set(guid, { resource, name });
  const adopter = r.adopted.get(guid);
  if (adopter && adopter.name !== name) {
    throw new pulumi.ResourceError(
      adoptionConflict(guid, adopter.name, name, "is already managed by"),
      resource,
      true,
    );
  }
}
