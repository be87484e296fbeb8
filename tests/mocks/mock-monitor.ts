/* eslint-disable @typescript-eslint/no-explicit-any -- mock inputs are untyped wire values, and code under test must be require()d after setMocks. */
/**
 * Shared mocks for the tests in tests/mocks. Each jest test file has its own module registry,
 * so each file calls `installMocks` once, BEFORE it requires any module that constructs
 * resources, and then `require`s the code under test.
 *
 * The recorder keeps every registration the program makes (type, name, deserialized inputs
 * with secrets still as signature objects, custom flag, provider reference, parent URN, URN,
 * additionalSecretOutputs) plus the outputs components register, and answers with plausible
 * state: the Databricks app gets a client id, a client secret wrapped as a secret (the mock
 * monitor does not apply additionalSecretOutputs) and an integration id; the Connect
 * integration gets a guid and timestamps.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

quietSerializerWarnings();

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export const APP_TYPE = "databricks:index/customAppIntegration:CustomAppIntegration";
export const CONNECT_TYPE = "pulumi-nodejs:dynamic/posit-connect:OAuthIntegration";
export const COMPONENT_TYPE = "posit-connect:databricks:OAuth";
export const DATABRICKS_PROVIDER_TYPE = "pulumi:providers:databricks";
export const SERVICE_ACCOUNT_TYPE = "posit-connect:databricks:ServiceAccount";
export const SP_TYPE = "databricks:index/servicePrincipal:ServicePrincipal";
export const SP_SECRET_TYPE = "databricks:index/servicePrincipalSecret:ServicePrincipalSecret";
export const ASSIGNMENT_TYPE = "databricks:index/mwsPermissionAssignment:MwsPermissionAssignment";

export const DEFAULT_SCOPES = ["all-apis", "sql", "offline_access", "openid", "profile", "email"];

export interface Registration {
  type: string;
  name: string;
  /** Deserialized inputs; secrets are signature objects `{ [SECRET_SIG_KEY]: SECRET_SIG, value }`. */
  inputs: Record<string, any>;
  custom: boolean;
  /** Provider reference `urn::id`, "" for the default provider. */
  provider: string;
  /** Parent URN as sent in the RegisterResource request ("" when none). */
  parent: string;
  urn: string;
  id?: string;
  additionalSecretOutputs: string[];
  /** URNs from the request's dependsOn (explicit and input dependencies). */
  dependencies?: string[];
  /** The request's deleteBeforeReplace, when the program set it. */
  deleteBeforeReplace?: boolean;
  /** Outputs passed to registerOutputs (components), deserialized, secrets as signatures. */
  outputs?: Record<string, any>;
}

export const isSecretSig = (v: unknown): v is { value: unknown } =>
  typeof v === "object" &&
  v !== null &&
  (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;

/** Plain value, whether or not it arrived wrapped as a secret. */
export const unwrap = (v: unknown): any => (isSecretSig(v) ? v.value : v);

/** Paths at which `needle` occurs in `value` OUTSIDE any secret signature object. */
export function plaintextOccurrences(value: unknown, needle: string, at = "$"): string[] {
  if (isSecretSig(value)) return [];
  if (typeof value === "string") return value.includes(needle) ? [at] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => plaintextOccurrences(v, needle, `${at}[${i}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k.includes(needle) ? [`${at}{key ${k}}`] : []),
      ...plaintextOccurrences(v, needle, `${at}.${k}`),
    ]);
  }
  return [];
}

/** True when `value` holds any secret signature object anywhere. */
export function containsSecret(value: unknown): boolean {
  if (isSecretSig(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

export class Recorder implements pulumi.runtime.Mocks {
  readonly registrations: Registration[] = [];
  private pending = new Map<string, Registration>();
  private counter = 0;

  /** Client id / secret the mocked Databricks provider hands out, per app resource name. */
  appClientId = (name: string) => `client-id-${name}`;
  appClientSecret = (name: string) => `dbx-secret-${name}-CANARY`;
  /** Service principal application id / secret / expiry the mocked provider hands out. */
  spApplicationId = (name: string) => `app-id-${name}`;
  spSecret = (name: string) => `sp-secret-${name}-CANARY`;
  spSecretExpireTime = "2027-06-01T00:00:00Z";

  newResource(args: pulumi.runtime.MockResourceArgs): {
    id: string | undefined;
    state: Record<string, any>;
  } {
    const key = `${args.type}::${args.name}`;
    const reg: Registration = {
      type: args.type,
      name: args.name,
      inputs: args.inputs,
      custom: args.custom ?? false,
      provider: args.provider ?? "",
      parent: "",
      urn: "",
      additionalSecretOutputs: [],
    };
    const fromRequest = this.pending.get(key);
    if (fromRequest)
      Object.assign(reg, {
        parent: fromRequest.parent,
        additionalSecretOutputs: fromRequest.additionalSecretOutputs,
        dependencies: fromRequest.dependencies,
        deleteBeforeReplace: fromRequest.deleteBeforeReplace,
      });
    this.registrations.push(reg);
    if (!reg.custom) return { id: undefined, state: {} };
    const n = ++this.counter;
    switch (args.type) {
      case APP_TYPE: {
        const id = `integration-${n}`;
        reg.id = id;
        return {
          id,
          state: {
            ...args.inputs,
            clientId: this.appClientId(args.name),
            // The real provider marks it secret through additionalSecretOutputs, which mocks skip.
            clientSecret:
              args.inputs.confidential === false
                ? undefined
                : pulumi.secret(this.appClientSecret(args.name)),
            integrationId: id,
            createTime: "2026-01-01T00:00:00Z",
          },
        };
      }
      case CONNECT_TYPE: {
        const guid = `guid-${args.name}-${n}`;
        reg.id = guid;
        const rest = { ...args.inputs };
        delete rest.__provider;
        return {
          id: guid,
          state: {
            ...rest,
            guid,
            stateVersion: 1,
            authType: rest.authType ?? "Viewer",
            // As the lifecycle records it: Service Account only, false when verify is off.
            verified: rest.authType === "Service Account" ? rest.verify !== false : undefined,
            createdTime: "2026-01-01T00:00:00Z",
            updatedTime: "2026-01-01T00:00:00Z",
          },
        };
      }
      case SP_TYPE: {
        reg.id = String(1000 + n);
        return {
          id: reg.id,
          state: { ...args.inputs, applicationId: this.spApplicationId(args.name) },
        };
      }
      case SP_SECRET_TYPE: {
        reg.id = `secret-${n}`;
        return {
          id: reg.id,
          state: {
            ...args.inputs,
            secret: pulumi.secret(this.spSecret(args.name)),
            expireTime: this.spSecretExpireTime,
            createTime: "2026-01-01T00:00:00Z",
            status: "ACTIVE",
          },
        };
      }
      default:
        reg.id = `${args.name}_id`;
        return { id: reg.id, state: { ...args.inputs } };
    }
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
    return args.inputs;
  }

  /** Called by the patched monitor before `newResource` runs for the same request. */
  noteRequest(
    type: string,
    name: string,
    parent: string,
    aso: string[],
    extra: Pick<Registration, "dependencies" | "deleteBeforeReplace"> = {},
  ): void {
    this.pending.set(`${type}::${name}`, {
      parent,
      additionalSecretOutputs: aso,
      ...extra,
    } as Registration);
  }

  noteUrn(type: string, name: string, urn: string): void {
    const reg = [...this.registrations].reverse().find((r) => r.type === type && r.name === name);
    if (reg) reg.urn = urn;
  }

  noteOutputs(urn: string, outputs: Record<string, any>): void {
    const reg = this.registrations.find((r) => r.urn === urn);
    if (reg) reg.outputs = outputs;
  }

  reset(): void {
    this.registrations.length = 0;
    this.pending.clear();
  }

  ofType(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }

  named(name: string): Registration {
    const found = this.registrations.filter((r) => r.name === name);
    if (found.length !== 1) {
      throw new Error(
        `expected one registration named ${name}, found ${found.length}: ${this.registrations.map((r) => `${r.type}/${r.name}`).join(", ")}`,
      );
    }
    return found[0];
  }

  /** Registrations for component `name` and its children (`${name}-…`). */
  forComponent(name: string): Registration[] {
    return this.registrations.filter((r) => r.name === name || r.name.startsWith(`${name}-`));
  }
}

export interface MockSetup {
  project?: string;
  stack?: string;
  /** Full keys, e.g. `{ "proj:connectUrl": "https://…" }`. */
  config?: Record<string, string>;
  /** Full keys of config values that are secret. */
  secretKeys?: string[];
  preview?: boolean;
}

/**
 * Sets config and mocks (synchronously in effect) and patches the mock monitor so the parent
 * URN, URN, additionalSecretOutputs and component outputs are recorded too.
 */
export function installMocks(setup: MockSetup = {}): Recorder {
  const recorder = new Recorder();
  pulumi.runtime.setAllConfig(setup.config ?? {}, setup.secretKeys ?? []);
  // setMocks does all its work before its first await; the promise carries nothing.
  void pulumi.runtime.setMocks(
    recorder,
    setup.project ?? "project",
    setup.stack ?? "stack",
    setup.preview ?? false,
  );
  patchMonitor(recorder);
  return recorder;
}

function patchMonitor(recorder: Recorder): void {
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
    recorder.noteRequest(
      req.getType(),
      req.getName(),
      req.getParent(),
      req.getAdditionalsecretoutputsList?.() ?? [],
      {
        dependencies: req.getDependenciesList?.() ?? [],
        deleteBeforeReplace: req.getDeletebeforereplacedefined?.()
          ? req.getDeletebeforereplace()
          : undefined,
      },
    );
    register(req, (err: unknown, resp: any) => {
      if (!err && resp) recorder.noteUrn(req.getType(), req.getName(), resp.getUrn());
      callback(err, resp);
    });
  };
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
    const outputs = req.getOutputs()?.toJavaScript?.() ?? {};
    recorder.noteOutputs(req.getUrn(), outputs);
    registerOutputs(req, callback);
  };
}

/**
 * Waits until every pending registration has reached the mock monitor. Bounded: a registration
 * that can never finish (e.g. after a constructor threw half-way) must not hang later tests.
 */
export async function settle(limitMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((r) => (timer = setTimeout(r, limitMs)));
  const drain = (async () => {
    for (let i = 0; i < 3; i++) {
      // Internal to the SDK (absent from its typings), present in 3.248.
      await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
      await new Promise((r) => setImmediate(r));
    }
  })();
  await Promise.race([drain, limit]);
  clearTimeout(timer);
}

/** The value of an output, including secret ones; `undefined` for unknowns (preview). */
export function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => o.apply((v) => resolve(v)));
}

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

// ---------------------------------------------------------------------------------------------
// Minimal YAML (the subset Pulumi.yaml and stack files use: block mappings, flow sequences,
// plain/quoted scalars, comments). Enough to load stack config without a new dependency.
// ---------------------------------------------------------------------------------------------

type Yaml = string | number | boolean | null | Yaml[] | { [k: string]: Yaml };

export function parseYaml(text: string): Yaml {
  const lines = text
    .split(/\r?\n/)
    .map((raw) => ({
      indent: raw.length - raw.trimStart().length,
      body: stripComment(raw).trimEnd().trim(),
    }))
    .filter((l) => l.body !== "");
  let i = 0;
  const block = (indent: number): Yaml => {
    if (i < lines.length && lines[i].body.startsWith("- ")) {
      const seq: Yaml[] = [];
      while (i < lines.length && lines[i].indent === indent && lines[i].body.startsWith("- ")) {
        seq.push(scalar(lines[i].body.slice(2).trim()));
        i++;
      }
      return seq;
    }
    const map: { [k: string]: Yaml } = {};
    while (i < lines.length && lines[i].indent === indent) {
      const { body } = lines[i];
      const m = /^("[^"]*"|'[^']*'|.+?):(\s+(.*))?$/.exec(body);
      if (!m) throw new Error(`unsupported YAML line: ${body}`);
      const key = m[1].replace(/^["']|["']$/g, "");
      i++;
      if (m[3] !== undefined && m[3] !== "") map[key] = scalar(m[3]);
      else if (i < lines.length && lines[i].indent > indent) map[key] = block(lines[i].indent);
      else if (i < lines.length && lines[i].indent === indent && lines[i].body.startsWith("- "))
        map[key] = block(indent);
      else map[key] = null;
    }
    return map;
  };
  return lines.length === 0 ? null : block(lines[0].indent);
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (k === 0 || /\s/.test(line[k - 1]))) return line.slice(0, k);
  }
  return line;
}

function scalar(s: string): Yaml {
  if (s.startsWith("[") && s.endsWith("]")) {
    const inner = s.slice(1, -1).trim();
    return inner === "" ? [] : inner.split(",").map((x) => scalar(x.trim()));
  }
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'")))
    return s.slice(1, -1);
  if (s === "true" || s === "false") return s === "true";
  if (s === "null" || s === "~") return null;
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return s;
}

export function readYaml(file: string): any {
  return parseYaml(fs.readFileSync(path.resolve(REPO_ROOT, file), "utf8"));
}

/** A config value as the CLI hands it to the program: strings as-is, everything else as JSON. */
const asConfigString = (v: Yaml): string => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * The config the CLI would give the root program for `stack`: Pulumi.yaml defaults for the
 * project's keys, overlaid with Pulumi.<stack>.yaml. Returns full keys (`project:key`).
 */
export function stackConfig(
  stack: string,
  overrides: Record<string, string> = {},
): { project: string; config: Record<string, string>; missing: string[] } {
  const project = readYaml("Pulumi.yaml") as {
    name: string;
    config: Record<string, { default?: Yaml; type?: string }>;
  };
  const stackFile = readYaml(`Pulumi.${stack}.yaml`) as { config?: Record<string, Yaml> };
  const config: Record<string, string> = {};
  for (const [key, schema] of Object.entries(project.config ?? {})) {
    if (
      schema &&
      typeof schema === "object" &&
      "default" in schema &&
      schema.default !== undefined
    ) {
      config[`${project.name}:${key}`] = asConfigString(schema.default as Yaml);
    }
  }
  for (const [key, v] of Object.entries(stackFile.config ?? {})) {
    const full = key.includes(":") ? key : `${project.name}:${key}`;
    config[full] = asConfigString(v);
  }
  Object.assign(config, overrides);
  const missing = Object.keys(project.config ?? {}).filter(
    (k) => !(`${project.name}:${k}` in config),
  );
  return { project: project.name, config, missing };
}

// ---------------------------------------------------------------------------------------------
// Warnings: closure serialization requires every Node builtin, which prints DEP0025 (`sys`) and
// the WASI ExperimentalWarning once per worker. They say nothing about this code.
// ---------------------------------------------------------------------------------------------
function quietSerializerWarnings(): void {
  const g = globalThis as { __quietSerializerWarnings?: boolean };
  if (g.__quietSerializerWarnings) return;
  g.__quietSerializerWarnings = true;
  const noisy = (w: unknown, type?: unknown, code?: unknown): boolean => {
    const text = `${typeof w === "string" ? w : (w as Error)?.message} ${typeof type === "string" ? type : ((type as { code?: string })?.code ?? "")} ${code ?? ""} ${(w as { code?: string })?.code ?? ""}`;
    return /DEP0025|WASI|sys is deprecated/.test(text);
  };
  for (const proc of new Set([process, Object.getPrototypeOf(process)])) {
    const original = proc.emitWarning;
    if (typeof original !== "function") continue;
    proc.emitWarning = function (this: unknown, ...args: unknown[]) {
      if (noisy(args[0], args[1], args[2])) return;
      return (original as (...a: unknown[]) => void).apply(this, args);
    } as typeof process.emitWarning;
  }
}
