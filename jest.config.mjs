/** jest 30 + @swc/jest: TypeScript ESM sources, run as ESM. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'es6' },
    }],
  },
  moduleNameMapper: {
    // our sources import `./x.js` for `./x.ts`; a package's own `./data.json.js` modules stay as they are
    // (mapped, libphonenumber-js's metadata would be imported as raw JSON, which jest warns about)
    '^(\\.{1,2}/.*)(?<!\\.json)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/{kernel,crm-core,cti,sms,fax,recordings,web}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/prisma/generated/'],
  maxWorkers: 2,
  testTimeout: 30000,
};
