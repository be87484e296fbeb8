import { effectiveSettings, readSettings } from "../../provider/connect/settings";

const source = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("provider settings", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("reads the posit-connect keys the engine passes to configure()", () => {
    expect(
      readSettings(
        source({
          "posit-connect:apiKey": "k",
          "posit-connect:timeoutSeconds": "12",
          "posit-connect:caCertificate": "PEM",
        }),
      ),
    ).toEqual({ apiKey: "k", timeoutSeconds: 12, caCertificate: "PEM" });
  });

  it("prefers stack config over CONNECT_API_KEY, and falls back to it", () => {
    process.env.CONNECT_API_KEY = "from-env";
    expect(effectiveSettings({ apiKey: "from-config" }).apiKey).toBe("from-config");
    expect(effectiveSettings(undefined).apiKey).toBe("from-env");
  });

  it("explains how to provide a missing key", () => {
    delete process.env.CONNECT_API_KEY;
    expect(() => effectiveSettings({})).toThrow(/pulumi config set --secret posit-connect:apiKey/);
  });

  it("rejects a nonsensical timeout, naming the key", () => {
    expect(() => readSettings(source({ "posit-connect:timeoutSeconds": "soon" }))).toThrow(
      /posit-connect:timeoutSeconds/,
    );
  });

  it("only disables TLS checks for the loudly named key set to true", () => {
    expect(
      readSettings(source({ "posit-connect:dangerouslyDisableTlsVerification": "yes" }))
        .dangerouslyDisableTlsVerification,
    ).toBeUndefined();
    expect(
      readSettings(source({ "posit-connect:dangerouslyDisableTlsVerification": "true" }))
        .dangerouslyDisableTlsVerification,
    ).toBe(true);
  });
});
