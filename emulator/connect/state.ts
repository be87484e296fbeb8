/**
 * In-memory store of integrations and content associations. It holds secrets (the real server
 * does too); only the wire projection in wire.ts hides them.
 */
import { randomUUID } from "node:crypto";
import type { CreateInput } from "./request-validation";
import type { ConfigValue, WireIntegration, WirePermissionInput } from "./wire-types";
import type { DirectorySnapshot } from "./directory";

/** The wire object plus what Connect keeps but never returns. */
export interface StoredIntegration extends Omit<WireIntegration, "permissions"> {
  /** Full config, secrets included. */
  config: Record<string, ConfigValue>;
  permissions: WirePermissionInput[] | null;
}

export interface StoredAssociation {
  integration_guid: string;
  created_time: string;
}

/** Persisted form (CLI `--state-file`). */
export interface StateSnapshot {
  version: 1;
  next_id: number;
  integrations: StoredIntegration[];
  associations: Record<string, StoredAssociation[]>;
  /** Users, groups and content (absent in files written before they existed). */
  directory?: DirectorySnapshot;
}

export interface IntegrationChanges {
  name?: string;
  description?: string | null;
  config?: Record<string, ConfigValue>;
  permissions?: WirePermissionInput[] | null;
}

/** RFC3339 UTC with second precision, like real responses ("2025-08-06T23:06:42Z"). */
export function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Key-by-key merge where a `null` value removes the key. Connect's docs say PATCH merges config
 * but not how a key is removed (connect-api.md §11.3); the emulator's answer is `null`.
 */
export function mergeConfig(
  base: Record<string, ConfigValue>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

export class IntegrationStore {
  private integrations = new Map<string, StoredIntegration>();
  private associations = new Map<string, StoredAssociation[]>();
  private nextId = 1;

  constructor(
    private readonly seedDefault: boolean,
    private readonly onChange: () => void = () => {},
  ) {
    this.seedFresh();
  }

  /** Integrations in creation order. */
  list(): StoredIntegration[] {
    return [...this.integrations.values()];
  }

  get(guid: string): StoredIntegration | undefined {
    return this.integrations.get(guid);
  }

  create(input: CreateInput): StoredIntegration {
    const stored = this.insert({
      name: input.name,
      description: input.description,
      template: input.template.id,
      auth_type: input.authType,
      config: input.config,
      permissions: input.permissions,
    });
    this.onChange();
    return stored;
  }

  /** Stores a new integration with the next id, a fresh guid and created = updated = now. */
  private insert(
    fields: Omit<StoredIntegration, "id" | "guid" | "created_time" | "updated_time">,
  ): StoredIntegration {
    const now = nowTimestamp();
    const stored: StoredIntegration = {
      id: String(this.nextId++),
      guid: randomUUID(),
      created_time: now,
      updated_time: now,
      ...fields,
    };
    this.integrations.set(stored.guid, stored);
    return stored;
  }

  /** Applies already-validated changes and bumps `updated_time`. */
  update(guid: string, changes: IntegrationChanges): StoredIntegration | undefined {
    const stored = this.integrations.get(guid);
    if (!stored) return undefined;
    if (changes.name !== undefined) stored.name = changes.name;
    if (changes.description !== undefined) stored.description = changes.description;
    if (changes.config !== undefined) stored.config = changes.config;
    if (changes.permissions !== undefined) stored.permissions = changes.permissions;
    stored.updated_time = nowTimestamp();
    this.onChange();
    return stored;
  }

  /** Deletes an integration and, like Connect, every content association that uses it. */
  remove(guid: string): boolean {
    if (!this.integrations.delete(guid)) return false;
    for (const [content, list] of this.associations) {
      const kept = list.filter((a) => a.integration_guid !== guid);
      if (kept.length === 0) this.associations.delete(content);
      else this.associations.set(content, kept);
    }
    this.onChange();
    return true;
  }

  /** Replaces a content item's associations; kept ones keep their `created_time`. */
  setAssociations(contentGuid: string, integrationGuids: string[]): void {
    const previous = new Map(
      (this.associations.get(contentGuid) ?? []).map((a) => [a.integration_guid, a]),
    );
    const now = nowTimestamp();
    const next = integrationGuids.map(
      (guid) => previous.get(guid) ?? { integration_guid: guid, created_time: now },
    );
    if (next.length === 0) this.associations.delete(contentGuid);
    else this.associations.set(contentGuid, next);
    this.onChange();
  }

  contentAssociations(contentGuid: string): StoredAssociation[] {
    return this.associations.get(contentGuid) ?? [];
  }

  /** Content items using an integration, as `[contentGuid, association]` pairs. */
  associationsOf(integrationGuid: string): Array<[string, StoredAssociation]> {
    const result: Array<[string, StoredAssociation]> = [];
    for (const [content, list] of this.associations) {
      for (const a of list) if (a.integration_guid === integrationGuid) result.push([content, a]);
    }
    return result;
  }

  /** Drops everything and re-seeds the default integration when enabled. */
  clear(): void {
    this.seedFresh();
    this.onChange();
  }

  snapshot(): StateSnapshot {
    return {
      version: 1,
      next_id: this.nextId,
      integrations: this.list(),
      associations: Object.fromEntries(this.associations),
    };
  }

  /** Replaces the whole state with a snapshot (no re-seeding: the file is the truth). */
  load(snapshot: StateSnapshot): void {
    this.integrations = new Map(snapshot.integrations.map((i) => [i.guid, i]));
    this.associations = new Map(Object.entries(snapshot.associations));
    this.nextId = snapshot.next_id;
  }

  private seedFresh(): void {
    this.integrations.clear();
    this.associations.clear();
    this.nextId = 1;
    if (this.seedDefault) this.seedDefaultIntegration();
  }

  // Connect >= 2025.05.0 creates this integration on its own (connect-api.md §4.2).
  private seedDefaultIntegration(): void {
    this.insert({
      name: "Connect Visitor API Key",
      description: "Allows access to Connect APIs on behalf of a Connect user.",
      template: "connect",
      auth_type: "Visitor API Key",
      config: { max_role: "Viewer" },
      permissions: null,
    });
  }
}
