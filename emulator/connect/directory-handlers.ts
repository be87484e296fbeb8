/**
 * `GET /v1/users[/{guid}]`, `/v1/groups[/{guid}]`, `/v1/content[/{guid}]`: read-only views of the directory, in
 * the shapes of Connect's API reference (users and groups come in pages of
 * `{results, current_page, total}`; content is a plain array).
 */
import { contentNotFound, requireContent } from "./governance";
import type { ApiResponse, Handler } from "./handlers";

const ok = (body: unknown): ApiResponse => ({ status: 200, body });

/** Connect pages with `page_number` (1-based) and `page_size` (max 500). */
function page<T>(items: T[], query: URLSearchParams): ApiResponse {
  const size = Math.min(Math.max(Number(query.get("page_size")) || 20, 1), 500);
  const number = Math.max(Number(query.get("page_number")) || 1, 1);
  return ok({
    results: items.slice((number - 1) * size, number * size),
    current_page: number,
    total: items.length,
  });
}

export const searchUsers: Handler = ({ directory, query }) =>
  page(directory.searchUsers(query.get("prefix")), query);

export const searchGroups: Handler = ({ directory, query }) =>
  page(directory.searchGroups(query.get("prefix")), query);

export const listContent: Handler = ({ directory, query }) =>
  ok(directory.listContent(query.get("name")));

export const getContent: Handler = ({ directory, params }) =>
  ok(requireContent(directory, params[0]));

/** `GET /v1/users/{guid}` (Connect API reference "Get user details"); 404 when unknown. */
export const getUser: Handler = ({ directory, params }) => {
  const user = directory.user(params[0]);
  if (!user) throw contentNotFound();
  return ok(user);
};

/** `GET /v1/groups/{guid}` (Connect API reference "Get group details"); 404 when unknown. */
export const getGroup: Handler = ({ directory, params }) => {
  const group = directory.group(params[0]);
  if (!group) throw contentNotFound();
  return ok(group);
};
