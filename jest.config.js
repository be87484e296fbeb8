/** @type {import('jest').Config} */
module.exports = {
  // jest's node environment plus closing the inspector sessions Pulumi's closure serializer
  // leaves open in each test file (the file says why).
  testEnvironment: "<rootDir>/tests/support/test-environment.ts",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  // Type checking is `npm run typecheck`'s job (part of `npm test`); jest only transpiles.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
  // Examples import the package by name; tsconfig `paths` maps it for tsc, this maps it for jest.
  moduleNameMapper: { "^pulumi-posit-connect$": "<rootDir>/provider/index.ts" },
  // Prepares the Pulumi CLI (reuse, PATH or a Go build) when the run includes end-to-end tests.
  globalSetup: "<rootDir>/tests/support/global-setup.ts",
  testTimeout: 60000,
  // Closure serialization and the gRPC host are heavy; two workers fit the 2-core machines.
  maxWorkers: 2,
};
