/**
 * The demo's last step: `pulumi-posit-connect doctor` against the two emulators the demo just
 * deployed to, showing a healthy setup. Secrets travel in the environment, as a user would pass
 * them, and the doctor never prints them. Called by scripts/demo.ts with one line.
 */
import type { ConnectEmulator } from "../emulator";
import type { DatabricksEmulator } from "../emulator/databricks";
import { run } from "../cli/main";

export interface DemoDoctorParts {
  connect: ConnectEmulator;
  connectApiKey: string;
  /** Absent when the demo runs without the Databricks emulator. */
  dbx?: DatabricksEmulator;
  dbxAdmin?: { clientId: string; clientSecret: string };
}

export async function demoDoctor(parts: DemoDoctorParts): Promise<number> {
  const say = (line: string) => process.stdout.write(line);
  say("\n== npx pulumi-posit-connect doctor ==\n");
  say(
    "Each Databricks integration on Connect, checked against the Databricks account (read-only):\n\n",
  );
  const env: NodeJS.ProcessEnv = {
    CONNECT_SERVER: parts.connect.url,
    CONNECT_API_KEY: parts.connectApiKey,
    ...(parts.dbx && parts.dbxAdmin
      ? {
          DATABRICKS_HOST: parts.dbx.url,
          DATABRICKS_ACCOUNT_ID: parts.dbx.accountId,
          DATABRICKS_CLIENT_ID: parts.dbxAdmin.clientId,
          DATABRICKS_CLIENT_SECRET: parts.dbxAdmin.clientSecret,
        }
      : {}),
  };
  const code = await run(["doctor"], { out: say, err: say }, env);
  say(`\ndoctor exit code: ${code} (0: no check is an error)\n`);
  return code;
}
