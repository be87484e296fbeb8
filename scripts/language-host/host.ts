// LanguageRuntime service for Node.js programs: a small stand-in for the Go
// `pulumi-language-nodejs` plugin, whose module the Go proxy does not serve (see
// scripts/pulumi-setup.ts). Only what `stack init / config / up / preview / refresh / destroy /
// stack export / about / install` need is implemented, plus RunPlugin (run-plugin.ts), which
// starts Node policy packs and Node resource plugins; codegen RPCs (GenerateProgram,
// GenerateProject, GeneratePackage, Pack, Link) are left out, so grpc-js answers UNIMPLEMENTED
// for them, which the engine treats as "not supported by this host".
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as langPb from "@pulumi/pulumi/proto/language_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import {
  buildRunArgs,
  buildRunEnv,
  parseOptions,
  runResult,
  type NodeOptions,
  type RunSpec,
} from "./run-args";
import { runPlugin } from "./run-plugin";

/** The version we report: the @pulumi/pulumi whose protocol files we speak. */
export const SDK_VERSION: string = (
  JSON.parse(fs.readFileSync(require.resolve("@pulumi/pulumi/package.json"), "utf8")) as {
    version: string;
  }
).version;

/** Env var overriding the run entrypoint, same name and meaning as in the Go host. */
const RUN_PATH_ENV = "PULUMI_LANGUAGE_NODEJS_RUN_PATH";
const DEFAULT_RUN_PATH = "@pulumi/pulumi/cmd/run";

/** Set PULUMI_LANGHOST_TRACE=<file> to append one line per RPC received (for debugging the CLI). */
function trace(method: string, detail = ""): void {
  const file = process.env.PULUMI_LANGHOST_TRACE;
  if (file) fs.appendFileSync(file, `${new Date().toISOString()} ${method} ${detail}\n`);
}

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

export interface HostOptions {
  /** First positional argument from the CLI; replaced by Handshake when that is called. */
  engineAddress: string;
  tracing: string;
}

export class NodeLanguageHost {
  private engineAddress: string;
  private readonly tracing: string;
  /** Programs currently running, so Cancel can interrupt them. */
  private readonly children = new Set<ChildProcess>();

  constructor(opts: HostOptions) {
    this.engineAddress = opts.engineAddress;
    this.tracing = opts.tracing;
  }

  /** Handlers keyed by the method names of LanguageRuntimeService. */
  implementation(): grpc.UntypedServiceImplementation {
    return {
      handshake: this.handshake,
      getPluginInfo: this.getPluginInfo,
      getRequiredPlugins: this.getRequiredPlugins,
      getRequiredPackages: this.getRequiredPackages,
      run: this.run,
      installDependencies: this.installDependencies,
      runtimeOptionsPrompts: this.runtimeOptionsPrompts,
      template: this.template,
      about: this.about,
      getProgramDependencies: this.getProgramDependencies,
      cancel: this.cancel,
      runPlugin: (call: Parameters<typeof runPlugin>[0]) => {
        runPlugin(call, trace).catch((e: Error) =>
          call.emit("error", { code: grpc.status.INTERNAL, details: e.message }),
        );
      },
    };
  }

  // The engine only calls Handshake when attaching to an already-running host
  // (PULUMI_DEBUG_LANGUAGES); a launched host gets the engine address as argv[0]. The Go host
  // also starts an engine health check here; we rely on the CLI killing its plugin processes.
  private handshake: Unary<langPb.LanguageHandshakeRequest, langPb.LanguageHandshakeResponse> = (
    call,
    cb,
  ) => {
    trace("Handshake", call.request.getEngineAddress());
    this.engineAddress = call.request.getEngineAddress();
    cb(null, new langPb.LanguageHandshakeResponse());
  };

  private getPluginInfo: Unary<emptyPb.Empty, pluginPb.PluginInfo> = (_call, cb) => {
    trace("GetPluginInfo");
    cb(null, new pluginPb.PluginInfo().setVersion(SDK_VERSION));
  };

  // Why empty: the Go host walks node_modules/ under the program directory and reports every
  // package.json with `"pulumi": {"resource": true}` (e.g. @pulumi/databricks → plugin
  // databricks). The engine then insists on having those plugins, and the databricks plugin
  // cannot be downloaded offline. Reporting none means a program that registers no Databricks
  // resource runs without it; one that does fails when the engine loads its default provider.
  private getRequiredPlugins: Unary<
    langPb.GetRequiredPluginsRequest,
    langPb.GetRequiredPluginsResponse
  > = (call, cb) => {
    trace("GetRequiredPlugins", call.request.getInfo()?.getProgramDirectory() ?? "");
    cb(null, new langPb.GetRequiredPluginsResponse());
  };

  private getRequiredPackages: Unary<
    langPb.GetRequiredPackagesRequest,
    langPb.GetRequiredPackagesResponse
  > = (call, cb) => {
    trace("GetRequiredPackages", call.request.getInfo()?.getProgramDirectory() ?? "");
    cb(null, new langPb.GetRequiredPackagesResponse());
  };

  private run: Unary<langPb.RunRequest, langPb.RunResponse> = (call, cb) => {
    const req = call.request;
    let replied = false; // 'error' and 'exit' can both fire for one child
    const reply = (error: string, bail = false): void => {
      if (replied) return;
      replied = true;
      trace("Run.done", JSON.stringify({ error, bail }));
      cb(null, new langPb.RunResponse().setError(error).setBail(bail));
    };
    const info = req.getInfo();
    const spec: RunSpec = {
      monitorAddress: req.getMonitorAddress(),
      engineAddress: this.engineAddress,
      organization: req.getOrganization(),
      project: req.getProject(),
      stack: req.getStack(),
      rootDirectory: info?.getRootDirectory() ?? "",
      programDirectory: info?.getProgramDirectory() || req.getPwd(),
      entryPoint: info?.getEntryPoint() || req.getProgram(),
      dryRun: req.getDryrun(),
      parallel: req.getParallel(),
      tracing: this.tracing,
      args: req.getArgsList(),
      config: Object.fromEntries(req.getConfigMap().entries()),
      configSecretKeys: req.getConfigsecretkeysList(),
      options: (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>,
    };
    trace("Run", `dir=${spec.programDirectory} entry=${spec.entryPoint} dryRun=${spec.dryRun}`);

    // Resolve cmd/run from the program directory, like the Go host's locateModule, so the
    // program's own @pulumi/pulumi (not this host's) runs it.
    let runPath: string;
    try {
      runPath = require.resolve(process.env[RUN_PATH_ENV] || DEFAULT_RUN_PATH, {
        paths: [spec.programDirectory],
      });
    } catch {
      return reply(
        "It looks like the Pulumi SDK has not been installed. Have you run pulumi install?",
      );
    }
    let opts: NodeOptions;
    let extraEnv: Record<string, string>;
    try {
      opts = parseOptions(spec.options);
    } catch (e) {
      return reply((e as Error).message);
    }
    try {
      extraEnv = buildRunEnv(spec, opts);
    } catch (e) {
      return reply(`failed to serialize configuration: ${(e as Error).message}`);
    }
    const argv = [...opts.nodeArgs, ...buildRunArgs(spec, runPath)];
    // argv only: the environment carries decrypted config secrets and must never be logged.
    trace("Run.argv", JSON.stringify(argv));

    // stdout/stderr are inherited: the CLI reads this host's output streams and shows them as
    // program output, exactly as with the Go host (which copies the child's streams to its own).
    const child = spawn(process.execPath, argv, {
      env: { ...process.env, ...extraEnv },
      stdio: ["ignore", "inherit", "inherit"],
    });
    this.children.add(child);
    // The engine cancels the call when the user interrupts; pass that on as SIGINT.
    call.on("cancelled", () => child.kill("SIGINT"));
    child.on("error", (err) => {
      this.children.delete(child);
      reply(`Problem executing program (could not run language executor): ${err.message}`);
    });
    child.on("exit", (code, signal) => {
      this.children.delete(child);
      const r = runResult(code, signal);
      reply(r.error, r.bail);
    });
  };

  // `pulumi install` / `pulumi new` ask the host to run the package manager. Dependencies here
  // come from the repository's own `npm ci`, and the registry may be unreachable, so this is
  // deliberately a no-op that streams nothing and completes successfully.
  private installDependencies: grpc.handleServerStreamingCall<
    langPb.InstallDependenciesRequest,
    langPb.InstallDependenciesResponse
  > = (call) => {
    trace("InstallDependencies", call.request.getInfo()?.getProgramDirectory() ?? "");
    call.end();
  };

  // Only consulted by `pulumi new`; no prompts keeps it non-interactive.
  private runtimeOptionsPrompts: Unary<
    langPb.RuntimeOptionsRequest,
    langPb.RuntimeOptionsResponse
  > = (_call, cb) => {
    trace("RuntimeOptionsPrompts");
    cb(null, new langPb.RuntimeOptionsResponse());
  };

  private template: Unary<langPb.TemplateRequest, langPb.TemplateResponse> = (_call, cb) => {
    trace("Template");
    cb(null, new langPb.TemplateResponse());
  };

  private about: Unary<langPb.AboutRequest, langPb.AboutResponse> = (_call, cb) => {
    trace("About");
    const res = new langPb.AboutResponse()
      .setExecutable(process.execPath)
      .setVersion(process.version);
    res.getMetadataMap().set("packagemanager", "npm");
    res.getMetadataMap().set("languagehost", `local node host (@pulumi/pulumi ${SDK_VERSION})`);
    cb(null, res);
  };

  // The Go host shells out to `npm ls`; reading package.json files is enough for `pulumi about`
  // and avoids running npm. Direct dependencies only (TransitiveDependencies is ignored).
  private getProgramDependencies: Unary<
    langPb.GetProgramDependenciesRequest,
    langPb.GetProgramDependenciesResponse
  > = (call, cb) => {
    const dir = call.request.getInfo()?.getProgramDirectory() || call.request.getPwd();
    trace("GetProgramDependencies", dir);
    const res = new langPb.GetProgramDependenciesResponse();
    for (const [name, range] of Object.entries(readDeps(dir))) {
      res.addDependencies(
        new langPb.DependencyInfo().setName(name).setVersion(installedVersion(dir, name) ?? range),
      );
    }
    cb(null, res);
  };

  private cancel: Unary<emptyPb.Empty, emptyPb.Empty> = (_call, cb) => {
    trace("Cancel");
    for (const child of this.children) child.kill("SIGINT");
    cb(null, new emptyPb.Empty());
  };
}

function readDeps(dir: string): Record<string, string> {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    return { ...pkg.dependencies, ...pkg.devDependencies };
  } catch {
    return {};
  }
}

function installedVersion(dir: string, name: string): string | undefined {
  try {
    const file = require.resolve(`${name}/package.json`, { paths: [dir] });
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version?: string }).version;
  } catch {
    return undefined; // not installed, or package.json hidden by an exports map
  }
}
