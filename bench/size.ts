/**
 * Item 2: bytes of `__provider` per resource. State stores the text twice per resource (in the
 * inputs and in the outputs), so the per-resource cost is twice the text. Each variant is also
 * run once through the real host (create + delete) because a text that serializes is not
 * necessarily one that loads and works.
 */
import { createOne, programInputs, startSession, type Providers } from "./session";

export interface SizeRow {
  variant:
    | "repo (by value)"
    | "installed package"
    | "installed package, release 0.1.0"
    | "reference (bare http)";
  /** Bytes of the `__provider` text (UTF-8). */
  bytes: number;
  /** Bytes in state per resource: inputs + outputs. */
  stateBytesPerResource: number;
  /** `require("…")` calls in the text: what the host must resolve from its cwd. */
  requires: string[];
  /** Ratio to the reference provider's text (two decimals). */
  ratioToReference: number;
  /** Whether a create + delete through the real host works with this text. */
  worksThroughHost: boolean;
  error?: string;
}

export async function measureSizes(cwd: string, texts: Providers): Promise<SizeRow[]> {
  const variants: Array<[SizeRow["variant"], string]> = [
    ["repo (by value)", texts.repo],
    ["installed package", texts.installed],
    ["installed package, release 0.1.0", texts.previous],
    ["reference (bare http)", texts.reference],
  ];
  const refBytes = Buffer.byteLength(texts.reference);
  const session = await startSession({ cwd });
  try {
    const rows: SizeRow[] = [];
    for (const [variant, text] of variants) {
      const bytes = Buffer.byteLength(text);
      const requires = [
        ...new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])),
      ].sort();
      const row: SizeRow = {
        variant,
        bytes,
        stateBytesPerResource: 2 * bytes,
        requires,
        ratioToReference: Math.round((bytes / refBytes) * 100) / 100,
        worksThroughHost: false,
      };
      try {
        const { id, outs } = await createOne(
          session.host,
          programInputs(session.emulator.url, text, rows.length),
        );
        await session.host.delete(id, outs);
        row.worksThroughHost = true;
      } catch (e) {
        row.error = (e as Error).message.split("\n")[0];
      }
      rows.push(row);
    }
    return rows;
  } finally {
    await session.close();
  }
}
