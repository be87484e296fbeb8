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

/** Principals seeded in the Connect emulator that `permissions` refers to. */
export const GROUP = "9a0e7c1e-0000-4000-8000-0000000000b1";
export const USER = "9a0e7c1e-0000-4000-8000-0000000000c1";

/** One `permissions` entry, as the component takes it. */
export type PermissionShape = { groupGuid: string } | { userGuid: string };

/**
 * The `permissions` a program edit steps through, in order: omitted (Connect's list is left
 * alone), one group, a group and a user, `[]` (every publisher), and round again.
 */
export const PERMISSION_STEPS: Array<PermissionShape[] | undefined> = [
  undefined,
  [{ groupGuid: GROUP }],
  [{ groupGuid: GROUP }, { userGuid: USER }],
  [],
];

/** The scopes Posit's guide by hand gives the app a sequence may start by adopting. */
export const HAND_SCOPES = ["all-apis", "offline_access"];

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
  /** `adoptConnectIntegrationGuid`: the integration made by hand that the stack took over. */
  adoptGuid?: string;
  /** `importDatabricksAppId`: the app made by hand that the stack imported. */
  importAppId?: string;
  /** `permissions`: omitted leaves Connect's list alone. */
  permissions?: PermissionShape[];
}

/**
 * A pair made by hand (Posit's guide) that a sequence starting "adopted" takes over: the app
 * is imported, the integration adopted, and a hand-made association of that integration with
 * content the program never names must survive as long as the integration does.
 */
export interface Adopted {
  guid: string;
  appIntegrationId: string;
  appName: string;
  integrationName: string;
  content: string;
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
  /** The hand-made pair the first `up` took over, when the sequence started adopted. */
  adopted?: Adopted;
}

export function initialModel(adopted?: Adopted): Model {
  const program: ProgramShape = {
    name: "lc",
    confidential: true,
    associateContent: [CONTENT[0]],
    retainOnDelete: false,
  };
  // The program describes the hand-made app as it is, or Pulumi refuses the import.
  if (adopted) {
    Object.assign(program, {
      adoptGuid: adopted.guid,
      importAppId: adopted.appIntegrationId,
      appName: adopted.appName,
      integrationName: adopted.integrationName,
      scopes: HAND_SCOPES,
    });
  }
  return {
    program,
    retainedContent: new Set(),
    leftBehind: new Set(),
    lostCreates: new Set(),
    tick: 0,
    adopted,
  };
}

/** One program edit, with a label fast-check prints in the failing sequence. */
export interface Edit {
  label: string;
  apply(p: ProgramShape, tick: number): ProgramShape;
  /** Whether the edit means anything for this program (default: always). */
  applies?(p: ProgramShape): boolean;
  /**
   * Whether the edit from `p` to `next` replaces the Databricks app in place (same resource).
   * The engine refuses that while the app still carries Pulumi's `import` option
   * (docs/adoption.md): see {@link refusedWhileImporting}.
   */
  replacesApp?(p: ProgramShape, next: ProgramShape): boolean;
}

/**
 * The `up` must fail, changing nothing: the edit replaces the app that still carries `import`
 * (the first generation; a rotated one is a new resource that imports nothing).
 */
export function refusedWhileImporting(edit: Edit, p: ProgramShape, next: ProgramShape): boolean {
  return (
    p.importAppId !== undefined &&
    p.rotationKey === undefined &&
    (edit.replacesApp?.(p, next) ?? false)
  );
}

export const EDITS: Record<string, Edit> = {
  rotate: { label: "rotation tick", apply: (p, t) => ({ ...p, rotationKey: `k${t}` }) },
  confidential: {
    label: "toggle confidential",
    apply: (p) => ({ ...p, confidential: !p.confidential }),
    replacesApp: () => true,
  },
  appName: {
    label: "change appName",
    apply: (p, t) => ({ ...p, appName: p.appName ? undefined : `lc-app-${t}` }),
    // Back to the default, the first generation keeps its stored name (ignoreChanges: the
    // upgrade path); a rotated generation is renamed, which replaces it.
    replacesApp: (p, next) => next.appName !== undefined || p.rotationKey !== undefined,
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
  permissions: {
    label: "change permissions",
    apply: (p) => {
      const at = PERMISSION_STEPS.findIndex(
        (s) => JSON.stringify(s) === JSON.stringify(p.permissions),
      );
      return { ...p, permissions: PERMISSION_STEPS[(at + 1) % PERMISSION_STEPS.length] };
    },
  },
  dropAdoptKeys: {
    label: "remove adoptConnectIntegrationGuid and importDatabricksAppId",
    apply: (p) => ({ ...p, adoptGuid: undefined, importAppId: undefined }),
    applies: (p) => p.adoptGuid !== undefined || p.importAppId !== undefined,
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
