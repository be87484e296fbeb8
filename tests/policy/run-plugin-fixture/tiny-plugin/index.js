// A resource provider written in Node, started by the engine through RunPlugin: run-plugin
// requires this directory and passes the engine address as the argument.
const pulumi = require("@pulumi/pulumi");

const provider = {
  version: "0.0.1",
  async create(_urn, inputs) {
    return {
      id: "thing-1",
      outs: { ...inputs, made: `${inputs.greeting}, made`, pluginCwd: process.cwd() },
    };
  },
};
pulumi.provider.main(provider, process.argv.slice(2));
