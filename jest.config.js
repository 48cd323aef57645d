// One jest run for the whole repository, in two projects:
//  - unit:        *.unit.test.ts — pure rules and helpers, no servers;
//  - integration: *.int.test.ts and *.e2e.test.ts — a real Kafka broker and a real MongoDB-compatible
//                 database, chosen by @dangvien/testing's global setup (env → Docker → local servers).
// Workspace imports resolve to TypeScript sources, so tests never depend on a previous build.
const path = require('node:path');

const root = __dirname;
const shared = {
  rootDir: root,
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: false },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^@dangvien/gateway$': '<rootDir>/gateway/src/index.ts',
    '^@dangvien/([^/]+)$': ['<rootDir>/packages/$1/src/index.ts', '<rootDir>/services/$1/src/index.ts'],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.local/'],
  modulePathIgnorePatterns: ['<rootDir>/.local/', '/dist/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.unit.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
      globalSetup: path.join(root, 'packages/testing/src/global-setup.ts'),
      globalTeardown: path.join(root, 'packages/testing/src/global-teardown.ts'),
      setupFilesAfterEnv: [path.join(root, 'packages/testing/src/setup-integration.ts')],
    },
  ],
};
