/**
 * Bad inputs, generated with fast-check (seeded): random program inputs through the provider's
 * `check`, and malformed request bodies POSTed/PATCHed to the emulator over HTTP. Shared by the
 * jest properties and the report script so both exercise the same generators.
 */
import axios from "axios";
import * as fc from "fast-check";
import type { ConnectEmulator } from "../../emulator";
import type { OAuthIntegrationInputs } from "../../provider";
import { OAuthIntegrationProvider } from "../../provider";
import { UNKNOWN } from "../../provider/connect/oauth-integration/types";
import { API_PATH, CANARY_API_KEY } from "./fixtures";

/** Properties of the resource's input schema (ConnectOAuthIntegrationArgs). */
export const INPUT_PROPERTIES = [
  "connectUrl",
  "name",
  "description",
  "template",
  "authType",
  "config",
  "clientSecret",
] as const;
/** Sizes and seeds used by both the tests and the report, so their counts agree. */
export const BAD_INPUT_RUNS = {
  checkRuns: 3000,
  checkSeed: 1234,
  bodyRuns: 400,
  bodySeed: 5678,
} as const;

const anyValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    UNKNOWN,
    "",
    " ",
    "https://connect.example.org",
    "http://u:p@h",
    "databricks",
    "Viewer",
    "Service Account",
    null,
    undefined,
  ),
);
const configMap = fc.oneof(
  fc.dictionary(fc.string(), anyValue),
  fc.dictionary(
    fc.constantFrom("client_id", "auth_type", "client_secret", "scopes", "x y", "1a", "api_key"),
    anyValue,
  ),
  anyValue,
);

/** Inputs shaped like the schema with random values, plus keys outside it. */
export const programInputs: fc.Arbitrary<Record<string, unknown>> = fc
  .record(
    {
      connectUrl: anyValue,
      name: anyValue,
      description: anyValue,
      template: anyValue,
      authType: anyValue,
      config: configMap,
      clientSecret: anyValue,
    },
    { requiredKeys: [] },
  )
  .chain((known) =>
    fc
      .dictionary(fc.string(), fc.anything(), { maxKeys: 3 })
      .map((extra) => ({ ...extra, ...known })),
  );

/** Inputs a correct program would declare: `check` must accept every one of them. */
export const validInputs: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    connectUrl: fc.oneof(
      fc
        .webUrl({
          validSchemes: ["https", "http"],
          withQueryParameters: false,
          withFragments: false,
        })
        .filter((u) => !/__(api|oauth)__|@/.test(u)),
      fc.constantFrom("https://connect.example.org/", "http://127.0.0.1:3939"),
    ),
    name: fc.string({ minLength: 1 }).filter((n) => n.trim() !== ""),
    description: fc.string(),
    template: fc.constantFrom("databricks", "custom", "azure", "snowflake", "connect"),
    authType: fc.constantFrom("Viewer", "Service Account", "Visitor API Key"),
    config: fc.dictionary(
      fc
        .stringMatching(/^[a-z][a-z0-9_]{0,15}$/)
        .filter(
          (k) =>
            k !== "auth_type" &&
            !/(^|_)(secret|password|passphrase|private_key|api_key|access_key)$/.test(k),
        ),
      fc.oneof(fc.string(), fc.boolean()),
      { maxKeys: 5 },
    ),
    clientSecret: fc.string({ minLength: 1 }),
  },
  { requiredKeys: ["connectUrl", "name", "template"] },
);

export interface CheckPropertyStats {
  runs: number;
  withFailures: number;
  failures: number;
  /** Generated valid inputs, every one of which `check` accepted. */
  acceptedValid: number;
}

/** The property for `check`: never throws; every failure names a schema property (or one of config's keys). */
export async function checkNeverThrows(seed: number, numRuns: number): Promise<CheckPropertyStats> {
  const provider = new OAuthIntegrationProvider();
  const stats: CheckPropertyStats = { runs: 0, withFailures: 0, failures: 0, acceptedValid: 0 };
  const cases = fc.oneof(
    programInputs.map((news) => ({ news, valid: false })),
    validInputs.map((news) => ({ news, valid: true })),
  );
  await fc.assert(
    fc.asyncProperty(cases, async ({ news, valid }) => {
      stats.runs++;
      const { failures } = await provider.check(
        {} as OAuthIntegrationInputs,
        news as unknown as OAuthIntegrationInputs,
      );
      if (valid) {
        if (failures.length > 0) return false;
        stats.acceptedValid++;
      }
      if (failures.length > 0) stats.withFailures++;
      stats.failures += failures.length;
      for (const f of failures) {
        const [top, ...rest] = f.property.split(".");
        if (!(INPUT_PROPERTIES as readonly string[]).includes(top)) return false;
        if (rest.length > 0) {
          const config = news.config as Record<string, unknown>;
          if (
            top !== "config" ||
            typeof config !== "object" ||
            config === null ||
            !(rest.join(".") in config)
          )
            return false;
        }
        if (typeof f.reason !== "string" || f.reason.length < 10) return false;
      }
      return true;
    }),
    { seed, numRuns },
  );
  return stats;
}

/** Bodies no create or update may accept. */
export const malformedBodies: fc.Arbitrary<{ label: string; raw: string }> = fc.oneof(
  fc
    .string()
    .filter((s) => !isJson(s))
    .map((raw) => ({ label: "not JSON", raw })),
  fc
    .jsonValue()
    .filter((v) => typeof v !== "object" || v === null || Array.isArray(v))
    .map((v) => ({ label: "JSON, not an object", raw: JSON.stringify(v) })),
  fc
    .record({
      template: fc.constantFrom("databricks", "custom"),
      name: fc.anything().filter((v) => typeof v !== "string" && v !== undefined),
      config: fc.anything(),
    })
    .map((b) => ({ label: "wrong types", raw: JSON.stringify(b) ?? "null" })),
  fc
    .dictionary(
      fc
        .string()
        .filter((k) => !["name", "description", "template", "config", "permissions"].includes(k)),
      fc.jsonValue(),
      { minKeys: 1 },
    )
    .map((b) => ({ label: "unknown keys", raw: JSON.stringify(b) })),
);

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

export interface MalformedStats {
  runs: number;
  byStatus: Record<string, number>;
  byKind: Record<string, number>;
}

/** POSTs (create) and PATCHes (update of `guid`) malformed bodies; every answer must be a Connect-shaped 4xx. */
export async function malformedBodiesRejected(
  emulator: ConnectEmulator,
  guid: string,
  seed: number,
  numRuns: number,
): Promise<MalformedStats> {
  const http = axios.create({
    baseURL: emulator.url,
    headers: { Authorization: `Key ${CANARY_API_KEY}`, "Content-Type": "application/json" },
    validateStatus: () => true,
    transformRequest: (d: unknown) => d,
  });
  const stats: MalformedStats = { runs: 0, byStatus: {}, byKind: {} };
  await fc.assert(
    fc.asyncProperty(malformedBodies, fc.constantFrom("POST", "PATCH"), async (body, method) => {
      stats.runs++;
      const url = method === "POST" ? API_PATH : `${API_PATH}/${guid}`;
      const res = await http.request({ method, url, data: body.raw });
      stats.byStatus[res.status] = (stats.byStatus[res.status] ?? 0) + 1;
      stats.byKind[body.label] = (stats.byKind[body.label] ?? 0) + 1;
      const d = res.data as { code?: unknown; error?: unknown; payload?: unknown };
      return (
        res.status >= 400 &&
        res.status < 500 &&
        typeof d.code === "number" &&
        typeof d.error === "string" &&
        d.error.length > 0 &&
        d.payload === null
      );
    }),
    { seed, numRuns },
  );
  return stats;
}
