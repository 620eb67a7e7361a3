// Lint: typescript-eslint recommended rules plus a few house rules (no floating promises is left to review).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.dependency-cruiser.cjs', 'node_modules/', 'data/', 'dist/', '.wrangler/', 'db/migrations/', 'scratch/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ takes the time from a Clock' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain/ takes the time from a Clock' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'domain/ takes ids from an IdGenerator' },
        { selector: "MemberExpression[object.name='process']", message: 'domain/ does not read the environment' },
      ],
    },
  },
  { files: ['bench/**/*.ts', 'src/cli/**/*.ts', 'test/**/*.ts'], rules: { 'no-console': 'off' } },
);
