/**
 * Property values as the engine sends them in a protobuf Struct, unwrapped to plain JSON:
 * secrets arrive as signature objects and unknowns (preview) as a sentinel string.
 * These are the engine's wire conventions (sdk/go/common/resource/plugin/rpc.go).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Props = Record<string, Json>;

/** Marks a secret object; the value under SECRET_SIG is SECRET_VALUE. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
/** The engine's stand-in for a value not known until apply. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

function isSecretWrapper(v: unknown): v is { value?: Json } {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    (v as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE
  );
}

/** Plain values plus the top-level keys that were secret (so they can be kept secret). */
export interface Unwrapped {
  props: Props;
  secretKeys: Set<string>;
}

function strip(v: Json, onSecret: () => void): Json {
  if (isSecretWrapper(v)) {
    onSecret();
    return strip(v.value ?? null, onSecret);
  }
  if (Array.isArray(v)) return v.map((x) => strip(x, onSecret));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x, onSecret)]));
  }
  return v;
}

export function unwrap(struct: Struct | undefined): Unwrapped {
  const raw = (struct?.toJavaScript() ?? {}) as Props;
  const props: Props = {};
  const secretKeys = new Set<string>();
  for (const [k, v] of Object.entries(raw)) {
    props[k] = strip(v, () => secretKeys.add(k));
  }
  return { props, secretKeys };
}

export const secret = (value: Json): Json => ({ [SECRET_SIG]: SECRET_VALUE, value });

/** A Struct from plain values; `secretKeys` are wrapped so the engine keeps them encrypted. */
export function toStruct(props: Props, secretKeys: Iterable<string> = []): Struct {
  const out: Props = {};
  const secrets = new Set(secretKeys);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    out[k] = secrets.has(k) && v !== null ? secret(v) : v;
  }
  return Struct.fromJavaScript(out as Record<string, never>);
}
