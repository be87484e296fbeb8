/**
 * provider/connect/content-association/checked-write.ts against a scripted client: the
 * branches the emulator cannot reach on its own (putting back fails; a foreign change).
 */
import type { ConnectClient } from "../../provider/connect/client";
import { ConnectError } from "../../provider/connect/errors";
import { writeAssociations } from "../../provider/connect/content-association/checked-write";
import type { ConnectContent } from "../../provider/connect/wire";

const content = {
  guid: "c1",
  name: "dash",
  title: "Dash",
  appMode: "python-dash",
} as ConnectContent;

/** A content item that keeps only the last integration written, failing writes after `okWrites`. */
function oneSlotServer(held: string[], okWrites: number) {
  const writes: string[][] = [];
  const client = {
    async setContentAssociations(_guid: string, guids: string[]) {
      writes.push(guids);
      if (writes.length > okWrites) {
        throw new ConnectError({ operation: "create", method: "PUT", path: "/x", status: 503 });
      }
      held = guids.slice(-1);
    },
    async contentAssociations() {
      return held.map((integrationGuid) => ({ integrationGuid }));
    },
  } as unknown as ConnectClient;
  return { client, writes, held: () => held };
}

test("a kept-one answer whose undo also fails says what to restore by hand", async () => {
  const s = oneSlotServer(["h"], 1);
  await expect(
    writeAssociations(s.client, content, ["h"], ["h", "a"], "integrationGuid", "create"),
  ).rejects.toThrow(
    /^integrationGuid: .*kept only \[a\]: .*Pulumi could not put back what the item held before, \[h\]; it now holds \[a\]\. Restore \[h\] in the content's Access settings/,
  );
  expect(s.writes).toEqual([["h", "a"], ["h"]]);
});

test("a kept-one answer is undone with one more write", async () => {
  const s = oneSlotServer(["h"], 2);
  await expect(
    writeAssociations(s.client, content, ["h"], ["h", "a"], "integrationGuid", "create"),
  ).rejects.toThrow(/Pulumi put back what the item held before, \[h\]/);
  expect(s.held()).toEqual(["h"]);
});

test("a set that gained a foreign integration is a concurrent change, not undone", async () => {
  const writes: string[][] = [];
  const client = {
    async setContentAssociations(_g: string, guids: string[]) {
      writes.push(guids);
    },
    async contentAssociations() {
      return [{ integrationGuid: "x" }];
    },
  } as unknown as ConnectClient;
  await expect(
    writeAssociations(client, content, [], ["a", "b"], "integrationGuids", "update"),
  ).rejects.toThrow(/changed while Pulumi was writing them/);
  expect(writes).toEqual([["a", "b"]]);
});

test("a 400 that is not code 238 is passed on unchanged", async () => {
  const refused = new ConnectError({
    operation: "create",
    method: "PUT",
    path: "/x",
    status: 400,
    code: 237,
    connectMessage: "Viewer on static content",
  });
  const client = {
    async setContentAssociations() {
      throw refused;
    },
  } as unknown as ConnectClient;
  await expect(
    writeAssociations(client, content, [], ["a", "b"], "integrationGuids", "update"),
  ).rejects.toBe(refused);
});
