/** API-key authentication (`Authorization: Key <key>`, connect-api.md §1) and role checks. */
import { authRequired, invalidLogin, permissionDenied, type ApiError } from "./errors";

export type Role = "admin" | "publisher";
export type Caller = Role | "none" | "invalid";
/** Who may call a route: anyone, any valid key, or administrators only. */
export type Requirement = "anonymous" | "publisher" | "admin";

export class KeyRing {
  private readonly keys = new Map<string, Role>();

  constructor(adminKeys: string[] = [], publisherKeys: string[] = []) {
    for (const key of publisherKeys) this.keys.set(key, "publisher");
    for (const key of adminKeys) this.keys.set(key, "admin");
  }

  add(key: string, role: Role): void {
    this.keys.set(key, role);
  }

  revoke(key: string): void {
    this.keys.delete(key);
  }

  /** Classifies the `Authorization` header; a header in another scheme counts as invalid. */
  classify(header: string | undefined): Caller {
    if (header === undefined || header.trim() === "") return "none";
    const match = /^Key\s+(\S+)\s*$/i.exec(header);
    if (!match) return "invalid";
    return this.keys.get(match[1]) ?? "invalid";
  }
}

/** @returns the error to answer with, or undefined when the caller may proceed */
export function checkAccess(caller: Caller, needed: Requirement): ApiError | undefined {
  if (needed === "anonymous") return undefined;
  if (caller === "none") return authRequired();
  if (caller === "invalid") return invalidLogin();
  if (needed === "admin" && caller !== "admin") return permissionDenied();
  return undefined;
}
