// The model of the lifecycle suite: the program the stack runs (ProgramShape, written to the
// fixture's `program` config key) and what the stack is expected to own. Edits are pure functions
// from one program to the next; commands.ts applies them to the real stack.

/** Content items seeded in the Connect emulator; the program associates a subset. */
export const CONTENT = [
  "c0a7e47a-0000-4000-8000-00000000a001",
  "c0a7e47a-0000-4000-8000-00000000a002",
  "c0a7e47a-0000-4000-8000-00000000a003",
] as const;

export const FIVE_SCOPES = ["all-apis", "sql", "offline_access", "openid", "profile"];

export interface ProgramShape {
  name: string;
  aliasOf?: string;
  appName?: string;
  integrationName?: string;
  confidential: boolean;
  scopes?: string[];
  workbenchUrl?: string;
  associateContent: string[];
  rotationKey?: string;
  retainOnDelete: boolean;
  /**
   * Another name of the same Connect server: the fixture swaps the host of the stack's
   * `connectUrl` (the emulator's `http://127.0.0.1:<port>`) for it. Plain http is allowed on loopback.
   */
  connectHost?: "localhost";
}

/** Where a fault is injected for one `up`, which is then re-run without it. */
export type FaultSite = "none" | "connect-patch" | "databricks-create" | "databricks-delete";

/**
 * What the fault does (emulator/fault-injector.ts): an HTTP 500 (not applied), a connection
 * reset before the request is read (not applied), or the change committed and then the
 * connection dropped without an answer (applied, but the client cannot know).
 */
export type FaultKindName = "500" | "reset" | "drop-after-commit";

export interface Model {
  program: ProgramShape;
  /** Content the integration may still be associated with: dropped from the list while retained. */
  retainedContent: Set<string>;
  /** Client ids of apps left in Databricks on purpose (replaced while retainOnDelete was on). */
  leftBehind: Set<string>;
  /**
   * Client ids of apps Databricks created for a request whose answer was lost (drop-after-commit
   * on the app create): no one learns their id, so no later `up` or `destroy` deletes them.
   * A known limit (docs/lifecycle-suite.md), tolerated only for exactly those apps.
   */
  lostCreates: Set<string>;
  /** Monotonic counter for fresh names and keys. */
  tick: number;
}

export function initialModel(): Model {
  return {
    program: {
      name: "lc",
      confidential: true,
      associateContent: [CONTENT[0]],
      retainOnDelete: false,
    },
    retainedContent: new Set(),
    leftBehind: new Set(),
    lostCreates: new Set(),
    tick: 0,
  };
}

/** One program edit, with a label fast-check prints in the failing sequence. */
export interface Edit {
  label: string;
  apply(p: ProgramShape, tick: number): ProgramShape;
}

export const EDITS: Record<string, Edit> = {
  rotate: { label: "rotation tick", apply: (p, t) => ({ ...p, rotationKey: `k${t}` }) },
  confidential: {
    label: "toggle confidential",
    apply: (p) => ({ ...p, confidential: !p.confidential }),
  },
  appName: {
    label: "change appName",
    apply: (p, t) => ({ ...p, appName: p.appName ? undefined : `lc-app-${t}` }),
  },
  scopes: {
    label: "change scopes",
    apply: (p) => ({ ...p, scopes: p.scopes ? undefined : FIVE_SCOPES }),
  },
  workbench: {
    label: "change workbenchUrl",
    apply: (p, t) => ({
      ...p,
      workbenchUrl: p.workbenchUrl ? undefined : `https://workbench-${t}.example.org`,
    }),
  },
  renameWithAlias: {
    label: "rename with alias",
    apply: (p, t) => ({ ...p, name: `lc${t}`, aliasOf: p.name }),
  },
  renameWithoutAlias: {
    label: "rename without alias",
    apply: (p, t) => ({ ...p, name: `lc${t}`, aliasOf: undefined }),
  },
  retain: {
    label: "toggle retainOnDelete",
    apply: (p) => ({ ...p, retainOnDelete: !p.retainOnDelete }),
  },
  connectHost: {
    label: "connectUrl to another URL of the same server",
    apply: (p) => ({ ...p, connectHost: p.connectHost ? undefined : "localhost" }),
  },
  reorder: {
    label: "reorder associateContent",
    apply: (p) => ({ ...p, associateContent: [...p.associateContent].reverse() }),
  },
};

/** Adds or removes one content item (by index into CONTENT). */
export function toggleContent(p: ProgramShape, index: number): ProgramShape {
  const guid = CONTENT[index % CONTENT.length];
  return p.associateContent.includes(guid)
    ? { ...p, associateContent: p.associateContent.filter((g) => g !== guid) }
    : { ...p, associateContent: [...p.associateContent, guid] };
}

/** The model after an `up` of `next` completed. */
export function afterCompletedUp(
  m: Model,
  next: ProgramShape,
  previousClientId: string | undefined,
  currentClientId: string | undefined,
): Model {
  const retainedContent = new Set(m.retainedContent);
  const leftBehind = new Set(m.leftBehind);
  // Which option a delete honours (the old state's or the new program's) is the engine's business:
  // either being on allows the leftover.
  if (m.program.retainOnDelete || next.retainOnDelete) {
    for (const g of m.program.associateContent) {
      if (!next.associateContent.includes(g)) retainedContent.add(g);
    }
    if (previousClientId && currentClientId && previousClientId !== currentClientId) {
      leftBehind.add(previousClientId);
    }
  }
  for (const g of next.associateContent) retainedContent.delete(g);
  return { ...m, program: next, retainedContent, leftBehind };
}
