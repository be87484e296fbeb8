/**
 * A create that Connect refuses for want of a client secret the program never gave. The usual
 * cause is a confidential Databricks app brought in with `importDatabricksAppId`: Databricks
 * returns an app's secret only in the answer to its creation, so the component has none to send
 * unless the caller gives `importedAppClientSecret`. Connect's own message ("The config key
 * client_secret is required") names the key but not that way out.
 */
export function explainMissingSecret(e: unknown, secretSent: boolean): unknown {
  const status = (e as { status?: unknown } | null)?.status;
  const said = (e as { connectMessage?: unknown } | null)?.connectMessage;
  if (secretSent || status !== 400 || typeof said !== "string" || !/client_secret/.test(said)) {
    return e;
  }
  const error = new Error(
    `${(e as Error).message} No client secret was sent. For a Databricks app imported with ` +
      "importDatabricksAppId, give its secret as importedAppClientSecret (Databricks returns an " +
      "app's secret only when it is created), or adopt the Connect integration that already holds " +
      "it with adoptConnectIntegrationGuid; for a ConnectOAuthIntegration, set clientSecret.",
  );
  return Object.assign(error, { status, connectMessage: said });
}
