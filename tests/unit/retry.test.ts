import { AxiosError, AxiosHeaders } from "axios";
import { isRetryable, mayHaveApplied, surelyNotApplied } from "../../provider/connect/retry";

/** An axios error; a response carries Connect's error body unless `foreign` says otherwise. */
function error(method: string, status?: number, code?: string, foreign = false): AxiosError {
  const config = { method, headers: new AxiosHeaders() };
  const response =
    status === undefined
      ? undefined
      : foreign
        ? {
            status,
            statusText: "",
            headers: { "content-type": "text/plain" },
            config,
            data: "upstream connect error or disconnect/reset before headers",
          }
        : {
            status,
            statusText: "",
            headers: { "content-type": "application/json; charset=utf-8" },
            config,
            data: '{"code":1,"error":"x","payload":null}',
          };
  return new AxiosError("x", code, config, undefined, response as never);
}

describe("retry decisions", () => {
  it.each([
    ["get", 500, undefined, true],
    ["patch", 502, undefined, true],
    ["delete", undefined, "ECONNRESET", true],
    ["get", 404, undefined, false],
    ["get", 401, undefined, false],
    ["post", 429, undefined, true],
    ["post", 503, undefined, true],
    ["post", 500, undefined, false],
    ["post", 502, undefined, false],
    ["post", undefined, "ECONNRESET", false],
    ["post", undefined, "ECONNABORTED", false],
    ["post", undefined, "ECONNREFUSED", true],
    ["get", undefined, "SELF_SIGNED_CERT_IN_CHAIN", false],
  ])("%s with status %s / code %s retryable=%s", (method, status, code, expected) => {
    expect(isRetryable(error(method, status, code))).toBe(expected);
  });

  it("treats a 503 without Connect's error body (a gateway) like 502: a create is not re-sent", () => {
    expect(isRetryable(error("post", 503, undefined, true))).toBe(false);
    expect(mayHaveApplied(error("post", 503, undefined, true))).toBe(true);
    expect(surelyNotApplied(error("post", 503, undefined, true))).toBe(false);
    // Reads may still be repeated.
    expect(isRetryable(error("get", 503, undefined, true))).toBe(true);
  });

  it("never retries a handshake with a server that does not speak TLS, and knows nothing was sent", () => {
    expect(isRetryable(error("get", undefined, "EPROTO"))).toBe(false);
    expect(mayHaveApplied(error("post", undefined, "EPROTO"))).toBe(false);
  });

  it("knows a refused connection never reached Connect", () => {
    expect(surelyNotApplied(error("post", undefined, "ECONNREFUSED"))).toBe(true);
    expect(surelyNotApplied(error("post", undefined, "ECONNRESET"))).toBe(false);
  });
});

describe("mayHaveApplied", () => {
  it.each([
    [403, undefined, false],
    [400, undefined, false],
    [429, undefined, false],
    [500, undefined, true],
    [504, undefined, true],
    [undefined, "ECONNRESET", true],
    [undefined, "ECONNABORTED", true],
    [undefined, "ECONNREFUSED", false],
    [undefined, "DEPTH_ZERO_SELF_SIGNED_CERT", false],
  ])("status %s / code %s: %s", (status, code, expected) => {
    expect(mayHaveApplied(error("post", status, code))).toBe(expected);
  });
});
