/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/connectors', '<rootDir>/test', '<rootDir>/web/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // .tsx: the web app's components (web/src; their tests choose jsdom with a docblock).
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  setupFiles: ['<rootDir>/test/support/setup.ts', '<rootDir>/web/src/testSetup.ts'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
