/**
 * The Connect client for a lifecycle call: the provider settings in force (configured, else
 * the environment) applied to the resource's own Connect URL. Shared per configuration
 * (client-cache.ts), so no axios instance or interceptors are built per call.
 */
import type { ConnectClient } from "./client";
import { connectClientFor } from "./client-cache";
import { effectiveSettings, requireSafeUrl, type ProviderSettings } from "./settings";

export function clientForSettings(
  settings: ProviderSettings | undefined,
  connectUrl: string,
): ConnectClient {
  const s = effectiveSettings(settings);
  // Before the first request, for every resource type: never send the key over plain HTTP.
  requireSafeUrl(connectUrl, s);
  return connectClientFor({
    baseUrl: connectUrl,
    apiKey: s.apiKey,
    timeoutMs: s.timeoutSeconds === undefined ? undefined : s.timeoutSeconds * 1000,
    caCertificate: s.caCertificate,
    dangerouslyDisableTlsVerification: s.dangerouslyDisableTlsVerification,
  });
}
