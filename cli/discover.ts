/**
 * `discover`: what a Connect server holds, as the facts an admin needs to adopt it. Reads only
 * (GET requests), through the library's ConnectClient, so TLS, proxy, retry and error handling
 * are the provider's own. Connect never returns secrets, so none can be printed.
 */
import { ConnectClient } from "../provider/connect/client";
import { ConnectError } from "../provider/connect/errors";
import type { ConfigValue, Integration } from "../provider/connect/wire";

export interface DiscoverOptions {
  /** Connect base URL, without `/__api__`. */
  server: string;
  apiKey: string;
  timeoutMs?: number;
  caCertificate?: string;
  dangerouslyDisableTlsVerification?: boolean;
}

export interface DiscoveredIntegration {
  guid: string;
  name: string;
  description: string | null;
  template: string;
  authType: string;
  clientId: string | null;
  /** As Connect stores it, e.g. `https://dbc-1.cloud.databricks.com`. */
  workspaceHost: string | null;
  /** `Confidential` or `Public` when Connect reports it. */
  authMode: string | null;
  /** Content items associated with it; `null` when the key may not list associations. */
  contentCount: number | null;
  createdTime: string;
}

export interface Discovery {
  server: string;
  integrations: DiscoveredIntegration[];
  /** Why content counts are missing, when they are. */
  contentCountNote?: string;
}

export async function discover(options: DiscoverOptions): Promise<Discovery> {
  const client = new ConnectClient({
    baseUrl: options.server,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    caCertificate: options.caCertificate,
    dangerouslyDisableTlsVerification: options.dangerouslyDisableTlsVerification,
  });
  const list = await client.list();
  let contentCountNote: string | undefined;
  const integrations: DiscoveredIntegration[] = [];
  // One at a time: a server with many integrations should not get a burst from a read-only tool.
  for (const i of list) {
    let contentCount: number | null = null;
    if (contentCountNote === undefined) {
      try {
        const content = await client.integrationContent(i.guid);
        contentCount = content === undefined ? null : content.length;
      } catch (e) {
        if (!(e instanceof ConnectError) || e.status !== 403) throw e;
        contentCountNote =
          "Content counts need an administrator API key (Connect lets only administrators list an integration's associations).";
      }
    }
    integrations.push(describe(i, contentCount));
  }
  return { server: options.server, integrations, contentCountNote };
}

function describe(i: Integration, contentCount: number | null): DiscoveredIntegration {
  return {
    guid: i.guid,
    name: i.name,
    description: i.description,
    template: i.template,
    authType: i.authType,
    clientId: text(i.config.client_id),
    workspaceHost: text(i.config.workspace_host),
    authMode: text(i.config.auth_mode),
    contentCount,
    createdTime: i.createdTime,
  };
}

const text = (v: ConfigValue | undefined): string | null =>
  typeof v === "string" && v !== "" ? v : null;
