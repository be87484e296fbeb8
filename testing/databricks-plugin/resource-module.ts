/**
 * What one resource type of the stand-in plugin declares. The property table carries the
 * Terraform schema facts the bridged provider acts on (Optional/Computed/ForceNew/Sensitive,
 * ValidateFunc ranges) under their Pulumi names; lifecycle.ts turns that table into the
 * engine's Check/Diff/Read semantics, so a module only says how to talk to the API.
 */
import type { AccountApi } from "./account-api";
import type { Json, Props } from "./values";

export type PropertyType = "string" | "boolean" | "integer" | "stringList" | "object";

export interface PropertySpec {
  /** Name in the Databricks JSON (and the Terraform attribute). */
  wire: string;
  type: PropertyType;
  /** Nested fields, for `object` (a Terraform block with MaxItems 1 = Pulumi object). */
  fields?: Record<string, PropertySpec>;
  /** The user may set it (Terraform Optional/Required). */
  input: boolean;
  /** Terraform Computed: the server fills it; an unset input never shows a diff. */
  computed?: boolean;
  /**
   * Terraform TypeSet (a `stringList` whose order means nothing): the bridge compares it as a
   * set, so a reorder is no change (pulumi-terraform-bridge compares set elements by hash).
   */
  set?: boolean;
  /** Terraform ForceNew: a change replaces the resource. */
  forceNew?: boolean;
  /** Terraform Sensitive: kept secret in state and outputs. */
  secret?: boolean;
  /** Terraform ValidateFunc, run in Check (so at preview); returns the reason or undefined. */
  validate?: (value: Json, path: string) => string | undefined;
}

export interface ResourceModule {
  /** Pulumi type token, e.g. databricks:index/customAppIntegration:CustomAppIntegration. */
  token: string;
  /** Where the facts below were read (shown in errors and kept next to the table). */
  source: string;
  properties: Record<string, PropertySpec>;
  /** Input filled with `<resource name>-<7 hex>` when unset (the bridge's SetAutonaming). */
  autoname?: string;
  /** The bridge's answer to a replacing diff: delete the old object first? (checked inputs) */
  deleteBeforeReplace?(news: Props): boolean;
  /** Creates the object; returns its id and what only the create response holds (e.g. a secret). */
  create(api: AccountApi, inputs: Props): Promise<{ id: string; once: Props }>;
  /**
   * The object as the server holds it, in Pulumi names; undefined when it no longer exists (404).
   * `known` is what the state (or the inputs just sent) says, for types whose API needs more than
   * the id (a secret is listed under its principal), or whose Terraform Read keeps a configured
   * value the API never returns (a secret's `lifetime` and `timeRotating`).
   */
  read(api: AccountApi, id: string, known: Props): Promise<Props | undefined>;
  /** Applies changed inputs in place (only called when no forceNew property changed). */
  update(api: AccountApi, id: string, news: Props, olds: Props): Promise<void>;
  /** Deletes; an object already gone counts as deleted. `known` is the state, as for read. */
  delete(api: AccountApi, id: string, known: Props): Promise<void>;
}
