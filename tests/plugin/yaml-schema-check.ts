// A static check of a Pulumi YAML program against this package's schema (plugin/schema.ts):
// every resource type is a schema resource, every property an input of it (nested object
// types and lists of them included), required inputs are present, and every `${resource.prop}`
// names a declared config key or resource and, for this package's resources, an output. It
// finds a misspelt name in milliseconds; the engine run in docs-resources.test.ts proves the
// programs really work.
import { createRequire } from "module";
import * as path from "path";
import { REPO } from "../e2e/helpers";

interface SchemaProp {
  type?: string;
  $ref?: string;
  items?: SchemaProp;
  additionalProperties?: unknown;
}
interface SchemaObject {
  properties?: Record<string, SchemaProp>;
  required?: string[];
  inputProperties?: Record<string, SchemaProp>;
  requiredInputs?: string[];
}
export interface PackageSchema {
  name: string;
  resources: Record<string, SchemaObject>;
  types: Record<string, SchemaObject>;
}

// js-yaml comes with @pulumi/pulumi (its dependency), so every install that can run the
// package has it; its types are not installed, hence the narrow signature.
const jsYaml = createRequire(path.join(REPO, "package.json"))("js-yaml") as {
  load(text: string): unknown;
};

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isInterpolation = (v: unknown): boolean => typeof v === "string" && /^\$\{[^}]+\}$/.test(v);

/** A YAML program's top-level sections. */
export function yamlProgram(text: string): { config?: Node; resources?: Node; outputs?: Node } {
  const doc = jsYaml.load(text);
  if (!isObject(doc)) throw new Error("not a YAML mapping");
  return doc;
}

/** Problems found in one YAML program, each naming where; empty when it matches the schema. */
export function checkYamlProgram(text: string, schema: PackageSchema): string[] {
  const problems: string[] = [];
  const doc = jsYaml.load(text);
  if (!isObject(doc)) return ["not a YAML mapping"];
  if (doc.runtime !== "yaml") problems.push(`runtime is ${String(doc.runtime)}, not yaml`);
  const packages = isObject(doc.packages) ? doc.packages : {};
  if (typeof packages[schema.name] !== "string") {
    problems.push(`packages has no ${schema.name} entry (the plugin directory)`);
  }
  const config = isObject(doc.config) ? doc.config : {};
  const resources = isObject(doc.resources) ? doc.resources : {};

  const checkValue = (where: string, prop: SchemaProp, value: unknown): void => {
    if (isInterpolation(value)) return; // a value computed from elsewhere: typed by the engine
    if (prop.$ref) {
      const type = schema.types[prop.$ref.replace(/^#\/types\//, "")];
      if (type) checkObject(where, type.properties ?? {}, type.required ?? [], value);
    } else if (prop.type === "array" && prop.items && Array.isArray(value)) {
      value.forEach((item, i) => checkValue(`${where}[${i}]`, prop.items!, item));
    }
  };
  const checkObject = (
    where: string,
    properties: Record<string, SchemaProp>,
    required: string[],
    value: unknown,
  ): void => {
    if (!isObject(value)) {
      problems.push(`${where}: expected a mapping`);
      return;
    }
    for (const [key, v] of Object.entries(value)) {
      const prop = properties[key];
      if (!prop) {
        problems.push(
          `${where}: no property "${key}" (known: ${Object.keys(properties).join(", ")})`,
        );
      } else checkValue(`${where}.${key}`, prop, v);
    }
    for (const key of required) {
      if (!(key in value)) problems.push(`${where}: required property "${key}" is missing`);
    }
  };

  for (const [name, resource] of Object.entries(resources)) {
    if (!isObject(resource) || typeof resource.type !== "string") {
      problems.push(`resources.${name}: no type`);
      continue;
    }
    // Other packages' resources (e.g. the `pulumi:providers:databricks` passed as a provider)
    // are not this schema's to judge.
    if (!resource.type.startsWith(`${schema.name}:`)) continue;
    const spec = schema.resources[resource.type];
    if (!spec) {
      problems.push(`resources.${name}: ${resource.type} is not a resource of the schema`);
      continue;
    }
    checkObject(
      `resources.${name}.properties`,
      spec.inputProperties ?? {},
      spec.requiredInputs ?? [],
      resource.properties ?? {},
    );
  }

  // Every ${name} or ${name.output} names something the program declares.
  const references = (value: unknown, where: string): void => {
    if (typeof value === "string") {
      for (const m of value.matchAll(/\$\{([^}.[]+)(?:\.([^}.[]+))?[^}]*\}/g)) {
        const [, head, output] = m;
        const resource = resources[head];
        if (head in config || head === "pulumi") continue;
        if (!isObject(resource)) {
          problems.push(`${where}: \${${head}} is neither a config key nor a resource`);
          continue;
        }
        const spec = schema.resources[String(resource.type)];
        if (output && spec && !(output in (spec.properties ?? {}))) {
          problems.push(
            `${where}: ${String(resource.type)} has no output "${output}" (outputs: ${Object.keys(spec.properties ?? {}).join(", ")})`,
          );
        }
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => references(v, `${where}[${i}]`));
    else if (isObject(value))
      for (const [k, v] of Object.entries(value)) references(v, `${where}.${k}`);
  };
  references(doc.resources, "resources");
  references(doc.outputs, "outputs");
  return problems;
}
