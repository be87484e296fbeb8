/**
 * Minimal reproductions of library bugs that only show once Pulumi's closure serializer has
 * turned the provider into `__provider` text (what the dynamic-provider host runs). Each test
 * serializes one library function/class the way `pulumi.dynamic.Resource` does, loads the text
 * like the host (`require-from-string(text).handler()`), and uses it.
 *
 * They failed before the library fixes; the end-to-end effects are asserted in
 * oauth-integration-host.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AxiosError } from "axios";
import { ConnectError } from "../../provider/connect/errors";
import { isRetryable, surelyNotApplied } from "../../provider/connect/retry";
import { agentsFor } from "../../provider/connect/transport";

type RequireFromString = (code: string) => { handler: () => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as RequireFromString;

/** Serialize `value` as `__provider` would be, then load it back as the host does. */
async function roundTrip<T>(value: T): Promise<T> {
  const sf = await pulumi.runtime.serializeFunction(() => value, { allowSecrets: true });
  return requireFromString(sf.text).handler() as T;
}

describe("library code after closure serialization", () => {
  test("transport.agentsFor works (module-level Symbol.for key is serialized as a non-symbol object)", async () => {
    expect(() => agentsFor("http://127.0.0.1:1", {})).not.toThrow(); // fine in-process
    const serialized = await roundTrip(agentsFor);
    // Failed before the fix with: TypeError: Symbol.prototype [ @@toPrimitive ] requires that 'this' be a Symbol
    expect(() => serialized("http://127.0.0.1:1", {})).not.toThrow();
  });

  test("retry.isRetryable / surelyNotApplied work (module-level Sets are serialized as empty objects)", async () => {
    const error403 = {
      response: { status: 403 },
      config: { method: "get" },
    } as unknown as AxiosError;
    // Connect's own 503 (its error body): Connect did nothing, so even a create may be re-sent.
    const error503 = {
      response: {
        status: 503,
        headers: { "content-type": "application/json" },
        data: '{"code":1,"error":"The service is unavailable."}',
      },
      config: { method: "post" },
    } as unknown as AxiosError;
    expect(isRetryable(error503)).toBe(true); // fine in-process
    const retry = await roundTrip({ isRetryable, surelyNotApplied });
    // Failed before the fix with: TypeError: Method Set.prototype.has called on incompatible receiver #<Object>
    expect(retry.surelyNotApplied(error503)).toBe(true);
    expect(retry.isRetryable(error403)).toBe(false);
    expect(retry.isRetryable(error503)).toBe(true);
  });

  test("ConnectError keeps its message, stack and Error-ness", async () => {
    const details = {
      operation: "read" as const,
      method: "GET",
      path: "/__api__/v1/oauth/integrations/x",
      status: 401,
      code: 30,
      hint: "Check the API key.",
    };
    expect(new ConnectError(details).message).toContain("HTTP 401"); // fine in-process
    const Serialized = await roundTrip(ConnectError);
    const e = new Serialized(details);
    // Failed before the fix: `super(message)` becomes `Error.call(this, message)` (a no-op) and
    // the prototype is not chained to Error.prototype, so message/stack were undefined.
    expect(e.message).toContain(
      "read failed: GET /__api__/v1/oauth/integrations/x returned HTTP 401",
    );
    // Error-ness, checked realm-independently: require-from-string compiles outside jest's
    // sandbox, so `instanceof Error` would compare against the wrong realm's Error.
    expect(String(e)).toBe(`ConnectError: ${e.message}`);
    expect(typeof e.stack).toBe("string");
    expect(e.stack).toContain(e.message);
  });

  test("ConnectError does not carry a numeric `code` (gRPC would use it as the status code)", () => {
    // The dynamic host passes read/delete/check/diff errors straight to the gRPC callback;
    // grpc-js takes an integer `code` property as the gRPC status (Connect's 30 → "Code(30)").
    const e = new ConnectError({
      operation: "read",
      method: "GET",
      path: "/p",
      status: 401,
      code: 30,
    });
    expect(typeof (e as unknown as { code?: unknown }).code).not.toBe("number");
  });
});
