// N resources of one kind: "connect" (ConnectOAuthIntegration against the bench's emulator)
// or "trivial" (a dynamic resource whose provider makes no HTTP call). Everything else about
// the two programs is the same, so the ratio of their CLI wall times is the cost of our provider.
import * as pulumi from "@pulumi/pulumi";
import { ConnectOAuthIntegration } from "pulumi-posit-connect";

const config = new pulumi.Config();
const kind = config.require("kind");
const count = config.requireNumber("count");
const connectUrl = config.require("connectUrl");

// Inline and tiny on purpose: the baseline should cost the engine and host, nothing else.
const trivialProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `trivial-${inputs.name}`, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async diff() {
    return { changes: false };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {
    // nothing remote to remove
  },
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, pulumi.Input<string>>) {
    super(trivialProvider, name, { ...props }, {}, "bench", "Trivial");
  }
}

for (let i = 0; i < count; i++) {
  if (kind === "connect") {
    new ConnectOAuthIntegration(`integration-${i}`, {
      connectUrl,
      name: `Bench ${i}`,
      description: "benchmark",
      template: "databricks",
      config: { workspace_host: "https://dbc-1234.cloud.databricks.com", client_id: `client-${i}` },
      clientSecret: config.requireSecret("clientSecret"),
    });
  } else {
    // The same secret input, so both kinds pay for encrypting it in state.
    new Trivial(`trivial-${i}`, {
      name: `Bench ${i}`,
      connectUrl,
      clientSecret: config.requireSecret("clientSecret"),
    });
  }
}
