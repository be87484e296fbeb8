import {
  ConnectError,
  hintForNetworkError,
  hintForStatus,
  redact,
} from "../../provider/connect/errors";

describe("ConnectError", () => {
  it("names the operation, request, status, Connect's code and the fix", () => {
    const e = new ConnectError({
      operation: "create",
      method: "POST",
      path: "/__api__/v1/oauth/integrations",
      status: 403,
      code: 22,
      connectMessage: "You don't have permission to perform this operation.",
      hint: hintForStatus(403, "create"),
    });
    expect(e.message).toBe(
      "Connect OAuth integration create failed: POST /__api__/v1/oauth/integrations returned HTTP 403 (Connect error code 22: You don't have permission to perform this operation.). An administrator API key is needed to manage OAuth integrations; a publisher key can only read them.",
    );
  });

  it("redacts secrets that reach the message", () => {
    const e = new ConnectError(
      {
        operation: "update",
        method: "PATCH",
        path: "/p",
        status: 400,
        connectMessage: "bad value hunter2-secret",
      },
      ["hunter2-secret"],
    );
    expect(e.message).not.toContain("hunter2-secret");
    expect(e.connectMessage).toContain("[redacted]");
  });

  it.each([
    [401, "create", "posit-connect:apiKey"],
    [403, "delete", "administrator"],
    [404, "update", "pulumi refresh"],
    [404, "read", "Connect URL"],
    [429, "read", "rate limiting"],
    [502, "read", "server error"],
  ] as const)("hints for %d on %s", (status, op, fragment) => {
    expect(hintForStatus(status, op)).toContain(fragment);
  });

  it("hints for TLS, timeout and DNS failures", () => {
    expect(hintForNetworkError("SELF_SIGNED_CERT_IN_CHAIN")).toContain("caCertificate");
    expect(hintForNetworkError("ECONNABORTED")).toContain("timeoutSeconds");
    expect(hintForNetworkError("ENOTFOUND")).toContain("resolve");
  });
});

describe("redact", () => {
  it("scrubs Authorization headers in any common spelling", () => {
    expect(redact('{"Authorization":"Key abcdef123"}', [])).toBe(
      '{"Authorization":"Key [redacted]"}',
    );
    expect(redact("Authorization: Key abcdef123 next", [])).toBe(
      "Authorization: Key [redacted] next",
    );
  });
  it("leaves very short values alone", () => {
    expect(redact("a b c", ["a"])).toBe("a b c");
  });
});
