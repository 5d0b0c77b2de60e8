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
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/tests/**/*.test.ts', '<rootDir>/{kernel,crm-core,cti,sms,fax,recordings,web}/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/prisma/generated/'],
  maxWorkers: 2,
  testTimeout: 30000,
};
