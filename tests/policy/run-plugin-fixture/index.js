// One resource of the directory plugin; its output proves the plugin's create ran.
const pulumi = require("@pulumi/pulumi");

const thing = new pulumi.CustomResource("tinyp:index:Thing", "thing", {
  greeting: "hello",
  made: undefined,
  pluginCwd: undefined,
});
exports.made = thing.made;
exports.pluginCwd = thing.pluginCwd;
