import { fromWire, toCreateBody, toUpdateBody } from "../../provider/connect/wire";
import { connectFixture as load } from "../fixtures/connect-fixtures";

describe("wire conversion", () => {
  it("reads a recorded Connect 2024.12 integration", () => {
    const i = fromWire(load("connectapi-2024.12.0/integration-get-f8688548.json"));
    expect(i).toMatchObject({
      guid: "f8688548",
      name: "GitHub Integration",
      template: "custom",
      authType: "Viewer",
      createdTime: "2024-08-01T20:14:31Z",
    });
    // auth_type lives in authType, not in config.
    expect(i.config).not.toHaveProperty("auth_type");
    expect(i.config.use_pkce).toBe(true);
  });

  it("reads a recorded Connect 2025.07 create response", () => {
    const i = fromWire(load("connectapi-2025.07.0/integration-create-aef9b2-POST.json"));
    expect(i).toMatchObject({
      template: "connect",
      authType: "Visitor API Key",
      config: { max_role: "Publisher" },
    });
  });

  it("stops on the pre-2024.12 shape without any auth_type instead of guessing Viewer", () => {
    // Guessing would make a Service Account integration differ on every run: authType replaces.
    expect(() => fromWire({ guid: "g", name: "n", template: "custom", config: {} })).toThrow(
      /did not report the auth type of OAuth integration g .*Upgrade Posit Connect to 2024\.12/,
    );
  });

  it("reads the auth type an old server echoes in config", () => {
    const i = fromWire({
      guid: "g",
      template: "custom",
      config: { auth_type: "Service Account", client_id: "x" },
    });
    expect(i.authType).toBe("Service Account");
    expect(i.config).toEqual({ client_id: "x" });
  });

  it("never lets a returned client_secret through", () => {
    expect(
      fromWire({
        guid: "g",
        auth_type: "Viewer",
        config: { client_secret: "leak", client_id: "x" },
      }).config,
    ).toEqual({ client_id: "x" });
  });

  it("builds the create body Connect expects", () => {
    expect(
      toCreateBody({
        name: "n",
        template: "databricks",
        authType: "Viewer",
        config: { client_id: "c" },
        clientSecret: "s",
      }),
    ).toEqual({
      template: "databricks",
      name: "n",
      config: { client_id: "c", auth_type: "Viewer", client_secret: "s" },
    });
  });

  it("builds a patch body with removals as null", () => {
    expect(toUpdateBody({ description: null, config: { a: null }, clientSecret: "s" })).toEqual({
      description: null,
      config: { a: null, client_secret: "s" },
    });
    expect(toUpdateBody({ name: "x" })).toEqual({ name: "x" });
  });
});
