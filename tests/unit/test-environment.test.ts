/**
 * tests/support/test-environment.ts closes, at teardown, the inspector session Pulumi's closure
 * serializer leaves open. Without it every test file that serializes a closure kept one more
 * session (and, through it, its whole module graph) alive in the jest worker until the worker
 * grew to several GB and outlived jest's exit grace period (docs/testing.md, "Worker memory").
 */
import type { Session } from "inspector";
import * as pulumi from "@pulumi/pulumi";
import TestEnvironment from "../support/test-environment";

// Internal to the SDK (its .d.ts exports nothing): the session the serializer opened and caches.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const v8Hooks = require("@pulumi/pulumi/runtime/closure/v8Hooks") as {
  getSessionAsync(): Promise<Session>;
};

/** Whether `session` still answers; a disconnected one throws ERR_INSPECTOR_NOT_CONNECTED. */
function answers(session: Session): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      session.post("Runtime.evaluate", { expression: "1" }, (err) => resolve(!err));
    } catch {
      resolve(false);
    }
  });
}

/** A second environment like the one running this file, only to call its teardown. */
function environment(): TestEnvironment {
  type Config = ConstructorParameters<typeof TestEnvironment>[0];
  type Context = ConstructorParameters<typeof TestEnvironment>[1];
  const config = {
    projectConfig: { testEnvironmentOptions: {}, globals: {} },
    globalConfig: {},
  } as unknown as Config;
  const context = { console, docblockPragmas: {}, testPath: __filename } as unknown as Context;
  return new TestEnvironment(config, context);
}

// One test: after the teardown this file's copy of the serializer has no usable session left.
test("closure serialization leaves an inspector session open, and the environment's teardown closes it", async () => {
  const serialized = await pulumi.runtime.serializeFunction(() => 42);
  expect(serialized.text).toContain("42");
  const session = await v8Hooks.getSessionAsync();
  // The SDK keeps its session for the life of the module: that is the leak under jest, where
  // each test file has its own copy of the module.
  expect(await answers(session)).toBe(true);

  const env = environment();
  await env.setup();
  await env.teardown();

  expect(await answers(session)).toBe(false);
});

test("any session connected while the file runs is closed at teardown", async () => {
  const { Session: InspectorSession } = await import("inspector");
  const session = new InspectorSession();
  session.connect();
  expect(await answers(session)).toBe(true);

  const env = environment();
  await env.setup();
  await env.teardown();

  expect(await answers(session)).toBe(false);
  // Disconnecting twice (the test's own cleanup after the environment's) stays harmless.
  expect(() => session.disconnect()).not.toThrow();
});
