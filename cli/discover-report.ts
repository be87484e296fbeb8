/**
 * How `discover` shows what it found: a table for people, JSON for scripts, and for each
 * `databricks` integration the commands that adopt it with the root program. Pure functions.
 */
import type { DiscoveredIntegration, Discovery } from "./discover";

export interface ReportOptions {
  /** Adds `--stack <name>` to every printed `pulumi config set`. */
  stack?: string;
}

export interface Adoption {
  /** `pulumi config set` lines for the Connect side, in order. */
  pulumiConfig: string[];
  /**
   * POSIX shell lines that find the Databricks app behind the client id with the Databricks CLI
   * (and jq) and set the stack to import it as it is: id, name and scopes.
   */
  importApp: string[];
  /** The alternative to `importApp`: keep using the app without managing it. */
  leaveAppUnmanaged: string;
}

/** Everything is quoted unless plainly safe, so lines can be pasted into a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.,:/@%+=-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The host name the root program's `workspaceHost` takes (Connect stores `https://…`). */
export function hostName(workspaceHost: string): string {
  return workspaceHost.replace(/^https:\/\//i, "").replace(/\/+$/, "");
}

export function adoptionFor(
  server: string,
  i: DiscoveredIntegration,
  options: ReportOptions = {},
): Adoption | undefined {
  if (i.template !== "databricks") return undefined;
  const stack = options.stack ? ` --stack ${shellQuote(options.stack)}` : "";
  const set = (key: string, value: string) =>
    `pulumi config set${stack} ${key} ${shellQuote(value)}`;
  const pulumiConfig = [
    set("connectUrl", server),
    i.workspaceHost
      ? set("workspaceHost", hostName(i.workspaceHost))
      : `pulumi config set${stack} workspaceHost "<workspace host name>"`,
    set("integrationName", i.name),
  ];
  if (i.description) pulumiConfig.push(set("description", i.description));
  if (i.authMode === "Public") pulumiConfig.push(set("confidential", "false"));
  pulumiConfig.push(set("adoptIntegrationGuid", i.guid));
  const clientId = i.clientId ?? "<client id>";
  const importApp = [
    // The client id reaches jq as data (--arg), never as program text, and is shell-quoted: a
    // quote or `$(…)` in an id Connect holds cannot break out when the line is pasted.
    `APP="$(databricks account custom-app-integration list --output json | jq -c --arg id ${shellQuote(clientId)} '.[] | select(.client_id == $id)')"`,
    `echo "$APP" | jq .`,
    `pulumi config set${stack} importAppIntegrationId "$(echo "$APP" | jq -r .integration_id)"`,
    `pulumi config set${stack} appName "$(echo "$APP" | jq -r .name)"`,
    `echo "$APP" | jq -r '.scopes | to_entries[] | "\\(.key) \\(.value)"' | while read -r n s; do pulumi config set${stack} --path "scopes[$n]" "$s"; done`,
  ];
  const leaveAppUnmanaged = set("existingAppClientId", clientId);
  return { pulumiConfig, importApp, leaveAppUnmanaged };
}

/** The adoption as an own program writes it: `DatabricksConnectOAuth` arguments. */
export function ownProgramLines(server: string, i: DiscoveredIntegration): string[] {
  const q = JSON.stringify;
  return [
    `connectUrl: ${q(server)},`,
    `workspaceHost: ${q(i.workspaceHost ? hostName(i.workspaceHost) : "<workspace host name>")},`,
    `integrationName: ${q(i.name)},`,
    ...(i.description ? [`description: ${q(i.description)},`] : []),
    ...(i.authMode === "Public" ? ["confidential: false,"] : []),
    `adoptConnectIntegrationGuid: ${q(i.guid)},`,
    `importDatabricksAppId: "<its integration_id>", // or: existingApp: { clientId: ${q(i.clientId ?? "<client id>")} },`,
  ];
}

export function toJson(d: Discovery, options: ReportOptions = {}): string {
  return JSON.stringify(
    {
      server: d.server,
      integrations: d.integrations.map((i) => ({
        ...i,
        adoption: adoptionFor(d.server, i, options) ?? null,
      })),
      ...(d.contentCountNote ? { contentCountNote: d.contentCountNote } : {}),
    },
    null,
    2,
  );
}

const COLUMNS: Array<[string, (i: DiscoveredIntegration) => string]> = [
  ["GUID", (i) => i.guid],
  ["NAME", (i) => i.name],
  ["TEMPLATE", (i) => i.template],
  ["AUTH TYPE", (i) => i.authType],
  ["CLIENT ID", (i) => i.clientId ?? "-"],
  ["WORKSPACE HOST", (i) => i.workspaceHost ?? "-"],
  ["CONTENT", (i) => (i.contentCount === null ? "?" : String(i.contentCount))],
];

export function toTable(d: Discovery, options: ReportOptions = {}): string {
  if (d.integrations.length === 0) return `No OAuth integrations on ${d.server}.\n`;
  const rows = [
    COLUMNS.map(([h]) => h),
    ...d.integrations.map((i) => COLUMNS.map(([, f]) => f(i))),
  ];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd(),
  );
  const out = [`OAuth integrations on ${d.server}:`, "", ...lines];
  if (d.contentCountNote) out.push("", `CONTENT "?": ${d.contentCountNote}`);
  for (const i of d.integrations) {
    const a = adoptionFor(d.server, i, options);
    if (!a) continue;
    out.push(
      "",
      `# Adopt "${i.name}" (${i.guid}) with the root program, in its directory:`,
      ...a.pulumiConfig,
      "# Then either import the Databricks app behind it (Databricks CLI with an account profile, and jq):",
      ...a.importApp,
      "# or keep using that app without managing it:",
      `# ${a.leaveAppUnmanaged}`,
      "# In your own program, the same as arguments of DatabricksConnectOAuth:",
      ...ownProgramLines(d.server, i).map((l) => `#   ${l}`),
    );
  }
  const others = d.integrations.filter((i) => i.template !== "databricks");
  if (others.length > 0) {
    out.push(
      "",
      '# Other templates: adopt in your own program with `new ConnectOAuthIntegration(name, { …, adoptGuid: "<GUID>" })`.',
    );
  }
  return `${out.join("\n")}\n`;
}
