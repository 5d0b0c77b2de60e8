// ESLint: typed rules, no console in product code, and the import directions of STYLE.md:
// kernel ← crm-core ← cti/sms/fax/recordings ← web; each context is entered only through its index.ts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const contexts = ['kernel', 'crm-core', 'cti', 'sms', 'fax', 'recordings', 'web'];

/** Other contexts may import a context only through its index.ts. */
const onlyThroughIndex = (self) => contexts
  .filter((c) => c !== self)
  .map((c) => ({ group: [`**/${c}/**`, `!**/${c}/index.js`], message: `import ${c} only through ${c}/index.ts` }));

const forbid = (names, why) => names.map((c) => ({ group: [`**/${c}/**`, `**/${c}/index.js`], message: why }));

const rulesFor = (self, forbidden) => ({
  files: [`${self}/**/*.ts`],
  ignores: [`${self}/ui/**`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        ...forbid(forbidden, `${self} must not import ${forbidden.join(', ')} (STYLE.md import directions)`),
        ...onlyThroughIndex(self).filter((p) => !forbidden.some((f) => p.group[0] === `**/${f}/**`)),
      ],
    }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'prisma/generated/**', 'web/ui/dist/**', 'data/**', 'coverage/**', 'test-artifacts/**', '**/*.mjs', 'bin/**', 'eslint.config.js', 'jest.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  rulesFor('kernel', ['crm-core', 'cti', 'sms', 'fax', 'recordings', 'web']),
  rulesFor('crm-core', ['cti', 'sms', 'fax', 'recordings', 'web']),
  rulesFor('cti', ['web', 'sms', 'fax', 'recordings']),
  rulesFor('sms', ['web', 'cti', 'fax', 'recordings']),
  rulesFor('fax', ['web', 'cti', 'sms', 'recordings']),
  rulesFor('recordings', ['web', 'sms', 'fax']),
  rulesFor('web', []),
  {
    // a PBX driver translates: it never persists or talks to browsers
    files: ['cti/drivers/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'socket.io', message: 'drivers never emit to sockets' }],
        patterns: [
          { group: ['**/prisma/**', '@prisma/*'], message: 'drivers never touch the database' },
          { group: ['**/crm-core/**', '**/web/**'], message: 'drivers translate; they never call the CRM or the web edge' },
        ],
      }],
    },
  },
  {
    // the browser app (its own tsconfig: DOM lib, bundler resolution)
    files: ['web/ui/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'cli/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off', 'no-restricted-imports': 'off' },
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
);
