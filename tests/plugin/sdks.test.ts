// The package's SDKs for other languages, generated here from the schema the plugin serves
// (never committed: generation takes a second, and a committed copy could drift from the
// components without anyone noticing). The Go SDK must build against the Pulumi Go SDK v3.248
// and the Python SDK must byte-compile; the .NET SDK is generated and checked against the schema
// (no .NET SDK here to compile it). Go runs offline (GOPROXY=off) from the module cache
// that `npm run pulumi:setup` filled when it built the CLI.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findGo, toolsBinDir } from "../../scripts/pulumi-setup";
import { packageSchema } from "../../plugin/schema";
import {
  DATABRICKS_CONNECT_OAUTH_TYPE,
  DATABRICKS_CONNECT_SERVICE_ACCOUNT_TYPE,
} from "../../provider";
import type { PulumiCli } from "../support/pulumi-cli";
import { createYamlProjectCli, PLUGIN_DIR } from "./yaml-project";
import { REPO } from "../e2e/helpers";

jest.setTimeout(10 * 60 * 1000);

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 9 * 60 * 1000 });
  if (r.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`,
    );
  }
  return r;
}

function filesUnder(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(dir, f));
}

describe("generated SDKs", () => {
  let work: string;
  let cli: PulumiCli;
  let schemaFile: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "posit-connect-sdks-"));
    cli = await createYamlProjectCli();
  });

  afterAll(() => {
    cli?.cleanup();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the plugin serves the schema, through the engine and the language host's RunPlugin", async () => {
    const r = await cli.runOk(["package", "get-schema", PLUGIN_DIR]);
    schemaFile = path.join(work, "schema.json");
    fs.writeFileSync(schemaFile, r.stdout);
    const served = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(served).toEqual(packageSchema(String(served.version)));
    // The TypeScript classes' own type tokens: a component means the same in every language,
    // and TypeScript stacks (which never load the plugin) keep theirs.
    expect(Object.keys(served.resources as object)).toEqual(
      expect.arrayContaining([
        DATABRICKS_CONNECT_OAUTH_TYPE,
        DATABRICKS_CONNECT_SERVICE_ACCOUNT_TYPE,
      ]),
    );
  });

  it("the Go SDK builds against the Pulumi Go SDK", () => {
    const out = path.join(work, "go");
    run(path.join(toolsBinDir(), "pulumi-sdkgen"), [schemaFile, "go", out], work);
    const moduleDir = path.join(out, "posit-connect");
    expect(fs.existsSync(path.join(moduleDir, "databricks", "oauth.go"))).toBe(true);
    // The generator's own go.mod pins the Pulumi Go SDK and every dependency to the CLI's.
    const gomod = fs.readFileSync(path.join(REPO, "tools", "pulumi-sdkgen", "go.mod"), "utf8");
    fs.writeFileSync(
      path.join(moduleDir, "go.mod"),
      gomod.replace(/^module .*$/m, "module github.com/posit-connect-pulumi/sdk/go/posit-connect"),
    );
    fs.copyFileSync(
      path.join(REPO, "tools", "pulumi-sdkgen", "go.sum"),
      path.join(moduleDir, "go.sum"),
    );
    const go = findGo();
    if (!go) throw new Error("no Go toolchain: looked on PATH and at /usr/local/go/bin/go");
    run(go, ["build", "./..."], moduleDir, {
      ...process.env,
      GOPROXY: "off",
      GOFLAGS: "-mod=mod",
      PATH: `${path.dirname(go)}${path.delimiter}${process.env.PATH ?? ""}`,
    });
    // examples/go/main.go, as a program of its own that takes the SDK from the generated copy.
    const program = path.join(work, "go-program");
    fs.mkdirSync(program);
    fs.copyFileSync(path.join(REPO, "examples", "go", "main.go"), path.join(program, "main.go"));
    fs.writeFileSync(
      path.join(program, "go.mod"),
      gomod.replace(/^module .*$/m, "module example.com/posit-connect-go") +
        "\nrequire github.com/posit-connect-pulumi/sdk/go/posit-connect v0.0.0\n" +
        `\nreplace github.com/posit-connect-pulumi/sdk/go/posit-connect => ${moduleDir}\n`,
    );
    fs.copyFileSync(
      path.join(REPO, "tools", "pulumi-sdkgen", "go.sum"),
      path.join(program, "go.sum"),
    );
    run(go, ["vet", "."], program, {
      ...process.env,
      GOPROXY: "off",
      GOFLAGS: "-mod=mod",
      PATH: `${path.dirname(go)}${path.delimiter}${process.env.PATH ?? ""}`,
    });
  });

  it("the Python SDK byte-compiles and marks the client secret secret", () => {
    const out = path.join(work, "python");
    run(path.join(toolsBinDir(), "pulumi-sdkgen"), [schemaFile, "python", out], work);
    const files = filesUnder(out, ".py");
    expect(files.length).toBeGreaterThan(5);
    // examples/python/__main__.py beside the SDK, compiled with it.
    const example = path.join(out, "__main__.py");
    fs.copyFileSync(path.join(REPO, "examples", "python", "__main__.py"), example);
    run("python3", ["-m", "py_compile", ...files, example], out);
    const oauth = fs.readFileSync(
      path.join(out, "pulumi_posit_connect", "databricks", "o_auth.py"),
      "utf8",
    );
    expect(oauth).toContain("class OAuth(pulumi.ComponentResource)");
    expect(oauth).toMatch(/additional_secret_outputs=\[[^\]]*"clientSecret"/);
  });

  it("the .NET SDK is generated: a C# class per resource, every schema property, secrets secret", () => {
    const out = path.join(work, "dotnet");
    run(path.join(toolsBinDir(), "pulumi-sdkgen-dotnet"), [schemaFile, out], work);
    expect(fs.existsSync(path.join(out, "Posit.Connect.csproj"))).toBe(true);
    const sources = filesUnder(out, ".cs").map((f) => fs.readFileSync(f, "utf8"));
    const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8")) as {
      resources: Record<
        string,
        {
          inputProperties?: Record<string, unknown>;
          properties?: Record<string, { secret?: boolean }>;
          requiredInputs?: string[];
        }
      >;
    };
    for (const [token, resource] of Object.entries(schema.resources)) {
      // "posit-connect:databricks:OAuth" -> namespace Posit.Connect.Databricks, class OAuth.
      const [, mod, name] = token.split(":");
      const namespace =
        mod === "index" ? "Posit.Connect" : `Posit.Connect.${mod[0].toUpperCase()}${mod.slice(1)}`;
      const source = sources.find(
        (s) =>
          s.includes(`namespace ${namespace}\n`) &&
          s.includes(`public partial class ${name} : global::Pulumi.ComponentResource`),
      );
      expect({ token, found: source !== undefined }).toEqual({ token, found: true });
      const required = new Set(resource.requiredInputs ?? []);
      for (const input of Object.keys(resource.inputProperties ?? {})) {
        expect({
          token,
          input,
          declared: source!.includes(
            required.has(input) ? `[Input("${input}", required: true)]` : `[Input("${input}")]`,
          ),
        }).toEqual({ token, input, declared: true });
      }
      const secrets: string[] = [];
      for (const [output, spec] of Object.entries(resource.properties ?? {})) {
        expect({ token, output, declared: source!.includes(`[Output("${output}")]`) }).toEqual({
          token,
          output,
          declared: true,
        });
        if (spec.secret) secrets.push(output);
      }
      for (const secret of secrets) {
        expect(source).toMatch(new RegExp(`AdditionalSecretOutputs =\\s*\\{[^}]*"${secret}"`));
      }
    }
  });
});
