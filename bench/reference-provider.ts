/**
 * The yardstick: the smallest dynamic provider that makes the same Connect calls as ours
 * (one POST / GET / PATCH / DELETE per operation, same bodies) with Node's bare `http` and no
 * retries, error mapping, validation or proxy support. Comparing against it shows what our
 * provider's extra machinery costs in serialized size and per-call latency.
 *
 * Everything it needs is in this file, so it serializes by value with nothing but
 * `require("http")`; it reads the same `posit-connect:apiKey` config the engine hands to ours.
 */
// A named import: older SDKs (3.216) serialize a namespace import of a builtin by value and fail.
import { request as httpRequest } from "http";

const API = "/__api__/v1/oauth/integrations";

interface RefInputs {
  connectUrl: string;
  name: string;
  description?: string;
  template: string;
  authType?: string;
  config?: Record<string, string | boolean>;
  clientSecret?: string;
}

export class ReferenceProvider {
  private apiKey = "";

  async configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
    this.apiKey = req.config.get("posit-connect:apiKey") ?? "";
  }

  async create(inputs: RefInputs) {
    const config = { ...inputs.config, auth_type: inputs.authType ?? "Viewer" } as Record<
      string,
      unknown
    >;
    if (inputs.clientSecret !== undefined) config.client_secret = inputs.clientSecret;
    const body = {
      template: inputs.template,
      name: inputs.name,
      description: inputs.description,
      config,
    };
    const created = await this.call("POST", inputs.connectUrl, API, body);
    return { id: created.guid as string, outs: { ...inputs, guid: created.guid } };
  }

  async read(id: string, props: RefInputs & { guid: string }) {
    const got = await this.call("GET", props.connectUrl, `${API}/${id}`);
    return { id, props: { ...props, name: got.name } };
  }

  async update(id: string, olds: RefInputs, news: RefInputs) {
    await this.call("PATCH", news.connectUrl, `${API}/${id}`, { description: news.description });
    return { outs: { ...olds, ...news, guid: id } };
  }

  async delete(id: string, props: RefInputs) {
    await this.call("DELETE", props.connectUrl, `${API}/${id}`);
  }

  private call(
    method: string,
    base: string,
    path: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        new URL(path, base),
        {
          method,
          headers: {
            Authorization: `Key ${this.apiKey}`,
            Accept: "application/json",
            ...(payload ? { "Content-Type": "application/json" } : {}),
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (text += c));
          res.on("end", () => {
            if ((res.statusCode ?? 500) >= 300)
              reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }
}
