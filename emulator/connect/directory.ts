/**
 * Users, groups and content items: the parts of Connect outside OAuth that the integration's
 * permissions (user/group GUIDs) and content associations (content GUIDs, app mode) refer to.
 * Shapes follow Connect's `User`, `Group` and `ContentOutput` schemas (OpenAPI document cited in
 * connect-api.md S1), reduced to the fields clients read.
 */
import { randomUUID } from "node:crypto";
import { nowTimestamp } from "./state";

export interface WireUser {
  guid: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  user_role: "administrator" | "publisher" | "viewer";
  created_time: string;
  updated_time: string;
  active_time: string | null;
  confirmed: boolean;
  locked: boolean;
}

export interface WireGroup {
  guid: string;
  name: string;
  owner_guid: string | null;
}

export interface WireContent {
  guid: string;
  name: string;
  title: string | null;
  description: string;
  app_mode: string;
  content_category: string;
  created_time: string;
  last_deployed_time: string;
  owner_guid: string | null;
}

export interface UserSeed {
  username: string;
  guid?: string;
  role?: WireUser["user_role"];
}
export interface GroupSeed {
  name: string;
  guid?: string;
}
export interface ContentSeed {
  name: string;
  guid?: string;
  title?: string;
  /** Connect's `app_mode`, e.g. `python-dash` (interactive) or `quarto-static` (rendered). */
  appMode?: string;
}

/**
 * App modes whose content runs a process that serves viewers: the only ones a Viewer
 * integration may be associated with (Connect user guide, "OAuth integrations" — Viewer
 * integrations are for interactive content; connect-api.md §4.6). Everything else (static,
 * rendered documents, unknown) is non-interactive.
 */
export const INTERACTIVE_APP_MODES: ReadonlySet<string> = new Set([
  "shiny",
  "rmd-shiny",
  "quarto-shiny",
  "python-shiny",
  "python-dash",
  "python-streamlit",
  "python-bokeh",
  "python-gradio",
  "python-panel",
  "jupyter-voila",
  "python-fastapi",
  "python-api",
  "api",
  "tensorflow-saved-model",
]);

export interface DirectorySnapshot {
  users: WireUser[];
  groups: WireGroup[];
  content: WireContent[];
}

export class Directory {
  private users = new Map<string, WireUser>();
  private groups = new Map<string, WireGroup>();
  private content = new Map<string, WireContent>();

  constructor(private readonly onChange: () => void = () => {}) {}

  addUser(seed: UserSeed): WireUser {
    const time = nowTimestamp();
    const user: WireUser = {
      guid: seed.guid ?? randomUUID(),
      username: seed.username,
      email: `${seed.username}@connect-emulator.invalid`,
      first_name: seed.username,
      last_name: "",
      user_role: seed.role ?? "publisher",
      created_time: time,
      updated_time: time,
      active_time: null,
      confirmed: true,
      locked: false,
    };
    this.users.set(user.guid, user);
    this.onChange();
    return user;
  }

  addGroup(seed: GroupSeed): WireGroup {
    const group: WireGroup = { guid: seed.guid ?? randomUUID(), name: seed.name, owner_guid: null };
    this.groups.set(group.guid, group);
    this.onChange();
    return group;
  }

  addContent(seed: ContentSeed): WireContent {
    const time = nowTimestamp();
    const appMode = seed.appMode ?? "python-dash";
    const item: WireContent = {
      guid: seed.guid ?? randomUUID(),
      name: seed.name,
      title: seed.title ?? null,
      description: "",
      app_mode: appMode,
      content_category: "",
      created_time: time,
      last_deployed_time: time,
      owner_guid: null,
    };
    this.content.set(item.guid, item);
    this.onChange();
    return item;
  }

  user(guid: string): WireUser | undefined {
    return this.users.get(guid);
  }

  group(guid: string): WireGroup | undefined {
    return this.groups.get(guid);
  }

  contentItem(guid: string): WireContent | undefined {
    return this.content.get(guid);
  }

  /** Connect's `prefix` search: case-insensitive prefix of username, first/last name or email. */
  searchUsers(prefix: string | null): WireUser[] {
    const p = (prefix ?? "").toLowerCase();
    return [...this.users.values()].filter((u) =>
      [u.username, u.first_name, u.last_name, u.email].some((f) => f.toLowerCase().startsWith(p)),
    );
  }

  searchGroups(prefix: string | null): WireGroup[] {
    const p = (prefix ?? "").toLowerCase();
    return [...this.groups.values()].filter((g) => g.name.toLowerCase().startsWith(p));
  }

  /** `GET /v1/content?name=`: exact name match; all items without a filter. */
  listContent(name: string | null): WireContent[] {
    return [...this.content.values()].filter((c) => name === null || c.name === name);
  }

  clear(): void {
    this.users.clear();
    this.groups.clear();
    this.content.clear();
  }

  snapshot(): DirectorySnapshot {
    return {
      users: [...this.users.values()],
      groups: [...this.groups.values()],
      content: [...this.content.values()],
    };
  }

  load(snapshot: Partial<DirectorySnapshot>): void {
    this.users = new Map((snapshot.users ?? []).map((u) => [u.guid, u]));
    this.groups = new Map((snapshot.groups ?? []).map((g) => [g.guid, g]));
    this.content = new Map((snapshot.content ?? []).map((c) => [c.guid, c]));
  }
}

/** `a < b` for Connect's `YYYY.MM.PATCH` versions (missing parts count as 0). */
export function versionBefore(a: string, b: string): boolean {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

/** First release that accepts more than one OAuth integration per content item (connect-api.md §7). */
export const MULTIPLE_ASSOCIATIONS_SINCE = "2025.07.0";
/**
 * First release the emulator treats as knowing integration `permissions`: the earliest Connect
 * API reference seen documenting them is 2026.04.0 (connect-api.md §7; exact release open).
 */
export const PERMISSIONS_SINCE = "2026.04.0";
