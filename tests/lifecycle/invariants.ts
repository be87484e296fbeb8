// Invariants of the lifecycle suite: pure functions of an Observation (both emulators' state,
// read by world.ts) and the model. Each returns the violations it finds, as sentences.
import type { Model, PermissionShape } from "./model";

export interface ObservedApp {
  integrationId: string;
  clientId: string;
  name: string;
  confidential: boolean;
  redirectUrls: string[];
}

export interface ObservedIntegration {
  guid: string;
  name: string;
  clientId: string | undefined;
  /** Connect holds a client secret for it. */
  hasSecret: boolean;
  /** Databricks accepts Connect's client id and secret in a client-credentials exchange. */
  secretAccepted: boolean;
  /** Who may use it: `group:<guid>` / `user:<guid>`, sorted; empty = every publisher. */
  permissions: string[];
}

export interface Observation {
  apps: ObservedApp[];
  integrations: ObservedIntegration[];
  /** content GUID -> integration GUIDs associated with it */
  associations: Record<string, string[]>;
}

/** What existed before the stack did anything, made by hand; the stack must never touch it. */
export interface Foreign {
  app: ObservedApp;
  integration: ObservedIntegration;
  /** [content, integration] pairs made by hand. */
  associations: Array<[string, string]>;
  /** Objects an earlier sequence's stack left behind on purpose (retainOnDelete): no one's now. */
  earlier: { appIds: string[]; integrationGuids: string[] };
}

const same = <T>(a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);

export function foreignIntact(f: Foreign, o: Observation): string[] {
  const out: string[] = [];
  const app = o.apps.find((a) => a.integrationId === f.app.integrationId);
  if (!app) out.push(`foreign app ${f.app.name} was deleted`);
  else if (!same(app, f.app)) out.push(`foreign app ${f.app.name} was changed`);
  const i = o.integrations.find((x) => x.guid === f.integration.guid);
  if (!i) out.push(`foreign integration ${f.integration.name} was deleted`);
  else if (!same(i, f.integration))
    out.push(`foreign integration ${f.integration.name} was changed`);
  for (const [content, guid] of f.associations) {
    if (!(o.associations[content] ?? []).includes(guid)) {
      out.push(`hand-made association of ${guid} with ${content} was removed`);
    }
  }
  return out;
}

/** Integrations and apps that are not foreign: the stack's (or left behind by it). */
export function ours(f: Foreign, o: Observation) {
  return {
    apps: o.apps.filter(
      (a) => a.integrationId !== f.app.integrationId && !f.earlier.appIds.includes(a.integrationId),
    ),
    integrations: o.integrations.filter(
      (i) => i.guid !== f.integration.guid && !f.earlier.integrationGuids.includes(i.guid),
    ),
  };
}

/**
 * At every step, completed or failed: the stack's integration holds a client id of an app that
 * exists, and for a confidential app a secret Databricks accepts. Content never loses its secret.
 */
export function connectHoldsWorkingCredentials(f: Foreign, o: Observation): string[] {
  const mine = ours(f, o).integrations;
  if (mine.length === 0) return ["no integration of ours in Connect"];
  // Mid-way through a replacement two may exist for a moment; each must work.
  return mine.flatMap((i) => {
    const app = o.apps.find((a) => a.clientId === i.clientId);
    if (!app)
      return [`Connect's ${i.name} holds client id ${i.clientId}, which no Databricks app has`];
    if (app.confidential && !i.secretAccepted) {
      return [`Connect's secret for ${app.name} (in ${i.name}) is not accepted by Databricks`];
    }
    return [];
  });
}

/** An app of ours the model expects to outlive its stack's use of it. */
const expectedLeftover = (m: Model, a: ObservedApp) =>
  m.leftBehind.has(a.clientId) || m.lostCreates.has(a.clientId);

/** After a completed `up`: the two sides match the program. */
export function matchesProgram(m: Model, f: Foreign, o: Observation): string[] {
  const out: string[] = [];
  const { apps, integrations } = ours(f, o);
  if (integrations.length !== 1) {
    return [`expected one integration of ours after a completed up, found ${integrations.length}`];
  }
  const i = integrations[0];
  const app = apps.find((a) => a.clientId === i.clientId);
  if (!app) return out;
  if (app.confidential !== m.program.confidential) {
    out.push(`app is confidential=${app.confidential}, program says ${m.program.confidential}`);
  }
  if (!m.program.confidential && i.hasSecret) out.push("Connect holds a secret for a public app");
  const stray = apps.filter((a) => a.clientId !== i.clientId && !expectedLeftover(m, a));
  if (stray.length > 0) {
    out.push(`replaced apps not deleted: ${stray.map((a) => a.name).join(", ")}`);
  }
  const associated = Object.entries(o.associations)
    .filter(([, guids]) => guids.includes(i.guid))
    .map(([c]) => c);
  for (const c of m.program.associateContent) {
    if (!associated.includes(c)) out.push(`content ${c} lost the integration`);
  }
  // The adopted integration's hand-made association is not the program's to remove.
  const handMade = (c: string) => m.adopted?.guid === i.guid && m.adopted.content === c;
  for (const c of associated) {
    if (!m.program.associateContent.includes(c) && !m.retainedContent.has(c) && !handMade(c)) {
      out.push(`content ${c} still has the integration after it left associateContent`);
    }
  }
  return out;
}

/**
 * After a completed `up`: Connect's permissions are the program's when it gives them; when it
 * omits them they are not Pulumi's, so an integration that is still the same one keeps the list
 * it had before the step (`before`: its GUID and list then).
 */
export function permissionsAsProgram(
  given: PermissionShape[] | undefined,
  f: Foreign,
  o: Observation,
  before: { guid: string; permissions: string[] } | undefined,
): string[] {
  const i = ours(f, o).integrations[0];
  if (!i) return [];
  if (given !== undefined) {
    const want = given
      .map((p) => ("groupGuid" in p ? `group:${p.groupGuid}` : `user:${p.userGuid}`))
      .sort();
    return same(i.permissions, want)
      ? []
      : [`permissions are [${i.permissions}], the program gives [${want}]`];
  }
  if (before && before.guid === i.guid && !same(i.permissions, before.permissions)) {
    return [
      `permissions omitted, yet they changed from [${before.permissions}] to [${i.permissions}]`,
    ];
  }
  return [];
}

/**
 * While the stack's integration is the one it adopted, the association an admin made by hand
 * before the adoption stays (adoption keeps every association; so does every edit after it).
 */
export function adoptedAssociationKept(m: Model, f: Foreign, o: Observation): string[] {
  const a = m.adopted;
  const i = ours(f, o).integrations[0];
  if (!a || i?.guid !== a.guid) return [];
  return (o.associations[a.content] ?? []).includes(a.guid)
    ? []
    : [`the hand-made association of the adopted integration with ${a.content} was removed`];
}

/**
 * After a completed `up`: the app of Connect's integration sends sign-in codes back to the URL
 * the program names (another name of the same server included), or every sign-in fails.
 */
export function redirectsToConnect(f: Foreign, o: Observation, connectUrl: string): string[] {
  const i = ours(f, o).integrations[0];
  const app = o.apps.find((a) => a.clientId === i?.clientId);
  const callback = `${connectUrl}/__oauth__/integrations/callback`;
  if (!app || app.redirectUrls.includes(callback)) return [];
  return [`app ${app.name} does not redirect to ${callback} (has ${app.redirectUrls.join(", ")})`];
}

/** After `destroy`: nothing of ours is left unless it was retained. */
export function destroyed(m: Model, f: Foreign, o: Observation): string[] {
  const { apps, integrations } = ours(f, o);
  if (m.program.retainOnDelete) return [];
  const out: string[] = [];
  // While the program still imports the hand-made app, destroy hands it back (deletedWith the
  // component, so that a rename without aliases cannot delete it): it stays in Databricks.
  const handedBack = (a: ObservedApp) =>
    m.program.importAppId !== undefined && a.integrationId === m.program.importAppId;
  const strayApps = apps.filter((a) => !expectedLeftover(m, a) && !handedBack(a));
  if (strayApps.length > 0)
    out.push(`destroy left apps: ${strayApps.map((a) => a.name).join(", ")}`);
  if (integrations.length > 0) {
    out.push(`destroy left integrations: ${integrations.map((i) => i.name).join(", ")}`);
  }
  return out;
}

/** Secret values (labels -> values) that occur in a text (state export, CLI output). */
export function plaintextSecrets(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, v]) => v.length > 0 && text.includes(v))
    .map(([k]) => `plaintext secret in state or output: ${k}`);
}
