// ESLint 9 flat config: TypeScript (typescript-eslint's recommended rules), React hooks for the admin,
// Node globals for scripts and benches; Prettier owns formatting (eslint-config-prettier turns off
// the rules it would fight). Strapi's own @strapi/eslint-config is built on ESLint 8 and airbnb,
// both past their support; this is the equivalent on maintained releases.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'build/', '.tmp/', '.strapi/', '.cache/', 'types/generated/', 'plugins/wire/dist/', 'public/', 'coverage/', 'bench/out/', 'ci-logs/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Wire reads untyped Strapi entities and feed documents in many places; `unknown` is preferred
      // where a value is checked, `any` where Strapi's own types stop.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Wire checks feed text for control characters on purpose (XML 1.0's Char production, NUL bytes
      // that betray a wrong encoding): those patterns are the point, not a mistake.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['plugins/wire/admin/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['tests/**/*.ts'],
    languageOptions: { globals: { ...globals.jest } },
  },
  prettier,
);
