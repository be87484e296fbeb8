// End-to-end smoke test of the real Pulumi CLI (.tools/bin/pulumi or one on PATH), our Node
// language host and the pulumi-nodejs dynamic-provider plugin, against a local file:// backend.
// Fails, never skips, when the CLI is missing: run `npm run pulumi:setup` first.
import * as path from "path";
import { createPulumiCli, type PulumiCli, type RunResult } from "../support/pulumi-cli";

// The first CLI call type-checks the program with ts-node; give the whole file ample time.
jest.setTimeout(10 * 60 * 1000);

const FIXTURE = path.join(__dirname, "fixtures", "smoke");
const SECRET = `smoke-canary-${Date.now().toString(36)}-do-not-leak`;
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

interface StateResource {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

interface StackExport {
  deployment: { resources?: StateResource[] };
}

function isEncryptedSecret(v: unknown): boolean {
  return (
    typeof v === "object" &&
    v !== null &&
    SECRET_SIGNATURE in v &&
    typeof (v as { ciphertext?: unknown }).ciphertext === "string"
  );
}

describe("pulumi CLI smoke (local backend, offline)", () => {
  let cli: PulumiCli;
  const timings: Record<string, number> = {};

  const step = async (name: string, args: string[], stdin?: string): Promise<RunResult> => {
    const r = await cli.runOk(args, { stdin });
    timings[name] = r.ms;
    return r;
  };

  beforeAll(async () => {
    cli = await createPulumiCli(FIXTURE);
  });

  afterAll(() => {
    if (!cli) return;
    // Timings help spot regressions in CLI start-up or ts-node compile time.
    console.log(
      `pulumi ${cli.install.version} (${cli.install.source}) step timings (ms): ${JSON.stringify(timings)}`,
    );
    cli.cleanup();
  });

  it("runs the stack lifecycle and keeps the secret out of state and output", async () => {
    await step("stack init", ["stack", "init", "dev"]);
    await step("config set", ["config", "set", "greeting", "hello"]);
    // The secret arrives on stdin so it never appears in the argument list.
    await step("config set --secret", ["config", "set", "--secret", "token"], SECRET);

    const up = await step("up", ["up", "--yes"]);
    expect(up.stdout).toMatch(/\+ 2 created/);
    expect(up.stdout).toContain('message    : "hello, world"');

    const outputs = await step("stack output", ["stack", "output", "--json"]);
    expect(JSON.parse(outputs.stdout)).toEqual({
      message: "hello, world",
      thingId: "thing-hello",
      token: "[secret]",
      tokenLength: SECRET.length,
    });

    // --expect-no-changes turns any planned change into a non-zero exit.
    const again = await step("up (no changes)", ["up", "--yes", "--expect-no-changes"]);
    expect(again.stdout).toMatch(/2 unchanged/);

    const refresh = await step("refresh", ["refresh", "--yes"]);
    expect(refresh.stdout).toMatch(/2 unchanged/);

    const exported = await step("stack export", ["stack", "export"]);
    expect(exported.stdout).not.toContain(SECRET);
    const state = JSON.parse(exported.stdout) as StackExport;
    const thing = state.deployment.resources?.find(
      (r) => r.type === "pulumi-nodejs:dynamic/smoke:Thing",
    );
    expect(thing?.id).toBe("thing-hello");
    expect(thing?.outputs?.message).toBe("hello, world");
    // Secret input, and the output of the same name, are stored encrypted.
    expect(isEncryptedSecret(thing?.inputs?.token)).toBe(true);
    expect(isEncryptedSecret(thing?.outputs?.token)).toBe(true);
    // The serialized provider captured no config value.
    expect(thing?.inputs?.__provider).toEqual(expect.any(String));

    const destroy = await step("destroy", ["destroy", "--yes"]);
    expect(destroy.stdout).toMatch(/- 2 deleted/);
    const after = JSON.parse((await cli.runOk(["stack", "export"])).stdout) as StackExport;
    expect(after.deployment.resources ?? []).toHaveLength(0);

    // No command printed the secret, on stdout or stderr.
    expect(cli.transcript.join("\n")).not.toContain(SECRET);
  });
});
