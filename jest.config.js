/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 60000,
  // Closure serialization and the gRPC host are heavy; two workers fit the 2-core machines.
  maxWorkers: 2,
};
