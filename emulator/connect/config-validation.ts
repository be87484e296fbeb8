/**
 * Validation of an integration's `config` against its template, shared by create and PATCH
 * (Connect answers both with the same 400/228 body: connect-api.md §4.3).
 */
import { templateConfig } from "./errors";
import type { RequiredRule, TemplateDefinition } from "./templates";
import type { ConfigValue } from "./wire-types";

/**
 * Checks every key and the required ones; returns the config typed, in the caller's key order.
 * @throws ApiError 400/228 on the first problem found
 */
export function validateConfig(
  def: TemplateDefinition,
  config: Record<string, unknown>,
): Record<string, ConfigValue> {
  const result: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(config)) {
    result[key] = validateKey(def, key, value);
  }
  for (const item of [...def.options, ...def.fields]) {
    if (item.required && isRequired(def, item.required, result) && isMissing(result[item.name])) {
      throw templateConfig(`The config key ${item.name} is required`);
    }
  }
  return result;
}

function validateKey(def: TemplateDefinition, key: string, value: unknown): ConfigValue {
  if (key === "auth_type" && def.fixedAuthType !== undefined) {
    // The connect template has no auth_type option, but echoing its fixed value is harmless.
    if (value !== def.fixedAuthType) throw mustBeOneOf(key, [def.fixedAuthType]);
    return value;
  }
  const option = def.options.find((o) => o.name === key);
  if (option) {
    if (option.type === "bool") {
      if (typeof value !== "boolean")
        throw templateConfig(`The config key ${key} must be a boolean`);
      return value;
    }
    const values = option.values ?? [];
    if (typeof value !== "string" || !values.includes(value)) throw mustBeOneOf(key, values);
    return value;
  }
  const field = def.fields.find((f) => f.name === key);
  if (!field) {
    throw templateConfig(`The config key ${key} is not supported by the ${def.id} template`);
  }
  if (typeof value !== "string") throw templateConfig(`The config key ${key} must be a string`);
  if (field.validation && value !== "" && !new RegExp(field.validation).test(value)) {
    const hint = field.validation_description ?? field.validation;
    throw templateConfig(`The config key ${key} is invalid: ${hint}`);
  }
  return value;
}

// Message shape recorded from a real 2025.07 server (derived-error-bodies.json).
function mustBeOneOf(key: string, values: string[]) {
  return templateConfig(`The config key ${key} must be one of (${values.join(", ")})`);
}

function isRequired(
  def: TemplateDefinition,
  rule: RequiredRule,
  config: Record<string, ConfigValue>,
): boolean {
  if (rule === true) return true;
  const option = def.options.find((o) => o.name === rule.whenKey);
  return (config[rule.whenKey] ?? option?.default) === rule.equals;
}

function isMissing(value: ConfigValue | undefined): boolean {
  return value === undefined || value === "";
}
