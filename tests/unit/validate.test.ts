import {
  validateInputs,
  normaliseConnectUrl,
} from "../../provider/connect/oauth-integration/validate";
import { UNKNOWN } from "../../provider/connect/oauth-integration/types";

const valid = {
  connectUrl: "https://connect.example.org/",
  name: "Databricks",
  template: "databricks",
  config: {
    workspace_host: "https://dbc-1.cloud.databricks.com",
    client_id: "abc",
    use_pkce: true,
  },
  clientSecret: "s3cret-value",
};

describe("validateInputs", () => {
  it("normalises a valid input and applies defaults", () => {
    const { inputs, failures } = validateInputs({ ...valid });
    expect(failures).toEqual([]);
    expect(inputs.connectUrl).toBe("https://connect.example.org");
    expect(inputs.authType).toBe("Viewer");
    expect(inputs.clientSecret).toBe("s3cret-value");
  });

  it("defaults config to an empty map", () => {
    const { inputs, failures } = validateInputs({ ...valid, config: undefined });
    expect(failures).toEqual([]);
    expect(inputs.config).toEqual({});
  });

  it("keeps a base path for Connect behind a reverse proxy", () => {
    expect(normaliseConnectUrl("https://example.org/rsconnect/").url).toBe(
      "https://example.org/rsconnect",
    );
  });

  it.each([
    ["ftp://connect.example.org", "https://"],
    ["connect.example.org", "not a URL"],
    ["https://connect.example.org/__api__", "/__api__"],
    ["https://user:pw@connect.example.org", "credentials"],
    ["https://connect.example.org/?x=1", "query"],
    ["", "base URL"],
  ])("rejects connectUrl %s", (connectUrl, fragment) => {
    const { failures } = validateInputs({ ...valid, connectUrl });
    expect(failures).toHaveLength(1);
    expect(failures[0].property).toBe("connectUrl");
    expect(failures[0].reason).toContain(fragment);
  });

  it.each([
    [{ name: "" }, "name"],
    [{ name: "   " }, "name"],
    [{ name: 3 }, "name"],
    [{ template: "" }, "template"],
    [{ template: "Data Bricks" }, "template"],
    [{ authType: "Owner" }, "authType"],
    [{ description: 5 }, "description"],
    [{ clientSecret: "" }, "clientSecret"],
    [{ config: ["a"] }, "config"],
    [{ config: { client_secret: "x" } }, "config.client_secret"],
    [{ config: { private_key: "x" } }, "config.private_key"],
    [{ config: { auth_type: "Viewer" } }, "config.auth_type"],
    [{ config: { scopes: ["a", "b"] } }, "config.scopes"],
    [{ config: { port: 443 } }, "config.port"],
    [{ config: { "bad key": "x" } }, "config.bad key"],
  ])("rejects %j naming %s", (change, property) => {
    const { failures } = validateInputs({ ...valid, ...change });
    expect(failures.map((f) => f.property)).toEqual([property]);
  });

  it("points a secret inside config at clientSecret", () => {
    const { failures } = validateInputs({ ...valid, config: { client_secret: "x" } });
    expect(failures[0].reason).toContain("clientSecret");
  });

  it("does not treat token_uri or token_endpoint_auth_method as secrets", () => {
    const { failures } = validateInputs({
      ...valid,
      config: { token_uri: "https://x/token", token_endpoint_auth_method: "client_secret_post" },
    });
    expect(failures).toEqual([]);
  });

  it("uses the engine's own unknown-value sentinel", () => {
    // The library cannot import @pulumi/pulumi (it is serialized into the provider), so it keeps a copy.
    expect(UNKNOWN).toBe(jest.requireActual("@pulumi/pulumi/runtime/rpc").unknownValue);
  });

  it("tolerates unknown values during preview", () => {
    const { failures } = validateInputs({
      connectUrl: UNKNOWN,
      name: UNKNOWN,
      template: UNKNOWN,
      authType: UNKNOWN,
      config: { client_id: UNKNOWN },
      clientSecret: UNKNOWN,
    });
    expect(failures).toEqual([]);
  });

  it("collects every failure at once", () => {
    const { failures } = validateInputs({
      connectUrl: "nope",
      name: "",
      template: "",
      authType: "x",
    });
    expect(failures.map((f) => f.property).sort()).toEqual([
      "authType",
      "connectUrl",
      "name",
      "template",
    ]);
  });
});
