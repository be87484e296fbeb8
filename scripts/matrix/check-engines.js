#!/usr/bin/env node
/**
 * The support-matrix engines check. Run from an installed tree (the leg's scratch copy): walks the
 * package's production closure (dependencies and peerDependencies of package.json, then each
 * installed package's dependencies, resolved the way Node resolves them) and fails when a package
 * in it declares an `engines.node` range that the running Node does not satisfy. Test-only
 * packages (devDependencies outside that closure) are checked too but only listed: they never
 * reach a user. Plain JavaScript so it runs under any leg's Node before anything is compiled.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const semver = require("semver");

const root = process.cwd();
const node = process.version;

/** The package.json of `name` as resolved from `fromDir`, or undefined when not installed. */
function manifestOf(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", name, "package.json");
    if (fs.existsSync(file)) return { file, json: JSON.parse(fs.readFileSync(file, "utf8")) };
    if (dir === path.dirname(dir)) return undefined;
  }
}

function closure(seeds) {
  const seen = new Map(); // package.json path -> manifest
  const queue = seeds.map((name) => [name, root]);
  while (queue.length > 0) {
    const [name, from] = queue.shift();
    const found = manifestOf(name, from);
    if (!found || seen.has(found.file)) continue;
    seen.set(found.file, found.json);
    const dir = path.dirname(found.file);
    for (const dep of Object.keys(found.json.dependencies ?? {})) queue.push([dep, dir]);
    for (const dep of Object.keys(found.json.optionalDependencies ?? {})) queue.push([dep, dir]);
  }
  return seen;
}

function mismatches(packages) {
  const out = [];
  for (const [file, json] of packages) {
    const range = json.engines && json.engines.node;
    if (typeof range !== "string" || !semver.validRange(range)) continue;
    if (!semver.satisfies(node, range, { includePrerelease: true })) {
      out.push(`${json.name}@${json.version} wants node ${range} (${path.relative(root, file)})`);
    }
  }
  return out.sort();
}

const own = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const ownRange = own.engines && own.engines.node;
const problems = [];
if (ownRange && !semver.satisfies(node, ownRange)) {
  problems.push(`${own.name} itself declares node ${ownRange}`);
}
const production = closure([
  ...Object.keys(own.dependencies ?? {}),
  ...Object.keys(own.peerDependencies ?? {}),
]);
problems.push(...mismatches(production));
const devOnly = closure(Object.keys(own.devDependencies ?? {}));
for (const file of production.keys()) devOnly.delete(file);
const devProblems = mismatches(devOnly);

console.log(
  `engines: ${production.size} production packages accept node ${node}` +
    (problems.length ? ` except ${problems.length}` : ""),
);
for (const p of devProblems) console.log(`engines: test-only, not shipped: ${p}`);
for (const p of problems) console.error(`engines: ${p}`);
process.exit(problems.length ? 1 : 0);
