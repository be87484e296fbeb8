// The demo's ending: once `pulumi up` made the Databricks app and the Connect integration, a
// viewer signs in through both emulators (the scripted browser follows Connect's login
// redirect to the workspace's authorize endpoint and back to Connect's callback) and a
// dashboard exchanges the viewer's session token for a Databricks token, as posit-sdk-py's
// `get_credentials` does. Everything it adds to the Connect emulator (a viewer, a dashboard,
// the association) has fixed GUIDs, so running the demo again reuses them.
import * as crypto from "crypto";
import type { ConnectEmulator } from "../emulator";
import type { DatabricksEmulator } from "../emulator/databricks";
import { browse, loginUrl } from "../tests/support/scripted-browser";

const VIEWER = "de40a1b2-0000-4c00-8000-000000000001";
const DASHBOARD = "de40a1b2-0000-4c00-8000-000000000002";

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export async function demoSignIn(
  connect: ConnectEmulator,
  dbx: DatabricksEmulator,
  say: (line?: string) => void,
  heading: (title: string) => void,
): Promise<void> {
  heading("A viewer signs in; the content gets a Databricks token");
  const integration = connect
    .integrations()
    .find((i) => i.template === "databricks" && i.auth_type === "Viewer");
  if (!integration) throw new Error("demo sign-in: the stack made no Viewer integration");
  const host = String(integration.config.workspace_host);
  // The stack names a real-looking workspace host; the Databricks emulator's workspace answers it.
  await post(`${connect.url}/__emulator__/workspace-urls`, {
    host,
    url: dbx.workspaces[0].url,
  });
  connect.addUser({ username: "demo-viewer", guid: VIEWER, role: "viewer" });
  connect.addContent({ name: "demo-dashboard", guid: DASHBOARD, appMode: "python-dash" });
  connect.setAssociations(DASHBOARD, [integration.guid]);

  say(`The viewer "demo-viewer" opens the sign-in link of "${integration.name ?? ""}":`);
  const page = await browse(loginUrl(connect.url, integration.guid, VIEWER));
  for (const hop of page.hops) {
    const u = new URL(hop.url);
    const side = u.origin === connect.url ? "Connect   " : "Databricks";
    say(`  ${side} ${hop.status}  ${u.pathname}`);
  }
  if (page.status !== 200) throw new Error(`sign-in failed: HTTP ${page.status} ${page.body}`);

  // The dashboard: Connect hands it the viewer's session token; it exchanges it (RFC 8693).
  const { token } = await post<{ token: string }>(
    `${connect.url}/__emulator__/content/${DASHBOARD}/user-session-token`,
    { user_guid: VIEWER },
  );
  const contentKey = `demo-content-${crypto.randomBytes(8).toString("hex")}`;
  connect.addApiKey(contentKey, "publisher");
  const res = await fetch(`${connect.url}/__api__/v1/oauth/integrations/credentials`, {
    method: "POST",
    headers: {
      Authorization: `Key ${contentKey}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:posit:connect:user-session-token",
      subject_token: token,
      audience: integration.guid,
    }).toString(),
  });
  connect.revokeApiKey(contentKey);
  const creds = (await res.json()) as {
    access_token?: string;
    expires_in?: number;
    error?: string;
  };
  if (!res.ok || !creds.access_token) {
    throw new Error(`credentials exchange failed: HTTP ${res.status} ${creds.error ?? ""}`);
  }
  const minutes = Math.round((creds.expires_in ?? 0) / 60);
  say(`viewer signed in; content received a Databricks token (expires in ${minutes} min)`);
}
