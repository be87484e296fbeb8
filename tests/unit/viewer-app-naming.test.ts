import {
  appGeneration,
  checkViewerRotation,
  defaultName,
} from "../../provider/components/viewer-app-naming";

const DAY = 86_400_000;

test("default names carry the stack", () => {
  expect(defaultName("databricks", "prod")).toBe("databricks-prod");
});

test("no rotation configured: the unrotated app, with the name existing stacks have", () => {
  expect(appGeneration({}, Date.now())).toEqual({ resourceSuffix: "", nameSuffix: "" });
});

test("everyDays: one generation per window, a new one in the next window", () => {
  const start = 700 * 30 * DAY; // a window boundary: windows count from the epoch
  const a = appGeneration({ rotation: { everyDays: 30 } }, start + 1);
  const b = appGeneration({ rotation: { everyDays: 30 } }, start + 29 * DAY);
  const c = appGeneration({ rotation: { everyDays: 30 } }, start + 31 * DAY);
  expect(a).toEqual(b);
  expect(c).not.toEqual(a);
  expect(a.resourceSuffix).toMatch(/^-[0-9a-f]{8}$/);
  expect(a.nameSuffix).toBe(`-r${a.resourceSuffix.slice(1)}`);
});

test("a new rotationKey is a new generation", () => {
  expect(appGeneration({ rotationKey: "k1" }, 0)).not.toEqual(
    appGeneration({ rotationKey: "k2" }, 0),
  );
});

test("bad rotation arguments are refused, naming the property", () => {
  expect(() => checkViewerRotation("d", { rotation: { everyDays: 0 } })).toThrow(
    /rotation\.everyDays/,
  );
  expect(() => checkViewerRotation("d", { rotationKey: "" })).toThrow(/rotationKey/);
  expect(() =>
    checkViewerRotation("d", { rotationKey: "k", existingApp: { clientId: "x" } }),
  ).toThrow(/existingApp/);
  expect(() => checkViewerRotation("d", { rotation: { everyDays: 90 } })).not.toThrow();
});
