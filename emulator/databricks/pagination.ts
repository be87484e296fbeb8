/**
 * Opaque `page_token` paging (custom apps, SP secrets): clients stop when `next_page_token` is
 * absent (sdk-go/sdk-py list iterators), so the last page omits it. The token names the last item
 * returned, so a page is not shifted when an earlier item is deleted between calls.
 */
import { invalidParameter } from "./errors";

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

function parsePageSize(raw: string | null, fallback: number, max: number): number {
  if (raw === null || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    throw invalidParameter(`page_size must be a non-negative integer, got '${raw}'`);
  }
  // The real maxima are not documented; a larger request is served in pages of `max`.
  return n === 0 ? fallback : Math.min(n, max);
}

function decodeToken(token: string): { after: string; index: number } {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    const t = parsed as { after?: unknown; index?: unknown };
    if (typeof t.after === "string" && Number.isInteger(t.index)) {
      return { after: t.after, index: t.index as number };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidParameter(`Invalid page_token '${token}'`);
}

/**
 * @param items all items in a stable order
 * @param idOf the id a token refers to
 */
export function paginate<T>(
  items: T[],
  idOf: (item: T) => string,
  query: URLSearchParams,
  { defaultSize, maxSize }: { defaultSize: number; maxSize: number },
): Page<T> {
  const size = parsePageSize(query.get("page_size"), defaultSize, maxSize);
  let start = 0;
  const token = query.get("page_token");
  if (token) {
    const { after, index } = decodeToken(token);
    const found = items.findIndex((item) => idOf(item) === after);
    start = found >= 0 ? found + 1 : Math.min(index + 1, items.length);
  }
  const page = items.slice(start, start + size);
  const end = start + page.length;
  if (end >= items.length || page.length === 0) return { items: page };
  const last = page[page.length - 1];
  const next = Buffer.from(JSON.stringify({ after: idOf(last), index: end - 1 })).toString(
    "base64url",
  );
  return { items: page, nextPageToken: next };
}
