import type * as pulumi from "@pulumi/pulumi";

/**
 * The Output's value, or its rejection (Output#promise is internal to the SDK). The Output's
 * other internal promises (isKnown, isSecret) reject too; a program would report that as its
 * failure, a test must mark them handled.
 */
export function outputValue<T>(o: pulumi.Output<T>): Promise<T> {
  const internal = o as unknown as Record<string, unknown> & { promise(): Promise<T> };
  for (const key of ["isKnown", "isSecret"]) {
    const p = internal[key];
    if (p instanceof Promise) p.catch(() => undefined);
  }
  return internal.promise();
}
