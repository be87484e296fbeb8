// The LanguageRuntime `RunPlugin` RPC: how the engine starts a plugin written in Node.js, both a
// policy pack (kind "analyzer", directory with PulumiPolicy.yaml) and a resource/tool plugin
// (PulumiPlugin.yaml with `runtime: nodejs`). Mirrors the Go host's RunPlugin (pulumi v3.248):
// the plugin's stdout and stderr stream back as RunPluginResponse messages, the engine reads the
// plugin's gRPC port from the first stdout line, and a failed plugin ends the call with an error
// status (a clean exit just ends the stream, which the engine reads as exit code 0).
import { spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import * as langPb from "@pulumi/pulumi/proto/language_pb";
import {
  ANALYZER_KIND,
  RUN_PATH_ENV,
  buildPluginArgs,
  pluginCwd,
  pluginEnv,
  pluginExitError,
  pluginRunModule,
  policyPackEnv,
  type PluginSpec,
} from "./plugin-args";
import { PolicyProxy } from "./policy-proxy";
import { parseOptions, type NodeOptions } from "./run-args";

type Call = grpc.ServerWritableStream<langPb.RunPluginRequest, langPb.RunPluginResponse>;

/** Set PULUMI_LANGHOST_TRACE=<file> to log RPCs; passed in so this module stays host-agnostic. */
export type Trace = (method: string, detail?: string) => void;

export function specFromRequest(req: langPb.RunPluginRequest): {
  spec: PluginSpec;
  options: Record<string, unknown>;
} {
  const info = req.getInfo();
  return {
    spec: {
      kind: req.getKind(),
      pwd: req.getPwd(),
      programDirectory: info?.getProgramDirectory() ?? "",
      args: req.getArgsList(),
      env: req.getEnvList(),
    },
    options: (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>,
  };
}

/**
 * Handles one RunPlugin call. The plugin lives as long as the call: the engine ends it by
 * cancelling the call (Cancel, which interrupts programs, leaves plugins alone as in the Go host).
 */
export async function runPlugin(call: Call, trace: Trace): Promise<void> {
  const send = (set: (r: langPb.RunPluginResponse) => void): void => {
    const res = new langPb.RunPluginResponse();
    set(res);
    if (!call.cancelled) call.write(res);
  };
  const out = (b: Buffer): void => send((r) => r.setStdout(b));
  const err = (b: Buffer): void => send((r) => r.setStderr(b));
  const fail = (message: string): void => {
    trace("RunPlugin.error", message);
    call.emit("error", { code: grpc.status.UNKNOWN, details: message });
  };

  const { spec, options } = specFromRequest(call.request);
  trace("RunPlugin", `kind=${spec.kind} dir=${spec.programDirectory}`);
  if (call.request.getAttachDebugger()) {
    return fail("attaching a debugger to plugins is not supported by this language host");
  }

  let opts: NodeOptions;
  let runPath: string;
  try {
    opts = parseOptions(options);
    const module = pluginRunModule(spec.kind, process.env[RUN_PATH_ENV]);
    // Resolve from the plugin's directory (the Go host's locateModule), so the plugin's own
    // @pulumi/pulumi runs it.
    try {
      runPath = require.resolve(module, { paths: [spec.programDirectory] });
    } catch {
      throw new Error(
        `It looks like the Pulumi SDK has not been installed: cannot resolve ${module} from ${spec.programDirectory}. Have you run npm install?`,
      );
    }
  } catch (e) {
    return fail((e as Error).message);
  }

  const env = pluginEnv(spec, opts);
  let proxy: PolicyProxy | undefined;
  if (spec.kind === ANALYZER_KIND) {
    // The engine talks to the proxy first: announce its port, then wait for ConfigureStack.
    try {
      proxy = await PolicyProxy.start();
    } catch (e) {
      return fail(`could not start policy pack proxy: ${(e as Error).message}`);
    }
    call.on("cancelled", () => proxy?.close("the engine cancelled the plugin"));
    out(Buffer.from(`${proxy.port}\n`));
    const cfg = await proxy.awaitConfiguration();
    if (call.cancelled) return;
    if (cfg) Object.assign(env, policyPackEnv(cfg));
  }

  const argv = buildPluginArgs(spec, runPath, opts);
  // argv only: the environment carries decrypted config and must never be logged.
  trace("RunPlugin.argv", JSON.stringify(argv));
  const child = spawn(process.execPath, argv, {
    cwd: pluginCwd(spec),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Like exec.CommandContext in the Go host: the engine ends a plugin by cancelling the call.
  call.on("cancelled", () => child.kill("SIGKILL"));
  child.stderr.on("data", err);
  if (proxy) {
    proxy.attach(child.stdout, out).catch((e: Error) => {
      err(Buffer.from(`${e.message}\n`));
      child.kill("SIGKILL");
    });
  } else {
    child.stdout.on("data", out);
  }

  let spawnError: Error | undefined;
  child.on("error", (e) => (spawnError = e));
  // 'close' fires after the child's stdio has drained, so nothing is cut off.
  child.on("close", (code, signal) => {
    proxy?.close("the policy pack exited");
    const message = spawnError
      ? `Problem executing plugin program (could not run language executor): ${spawnError.message}`
      : pluginExitError(code, signal);
    trace("RunPlugin.done", JSON.stringify({ code, signal }));
    if (call.cancelled) return;
    if (message) fail(message);
    else call.end();
  });
}
