// Lint rules that encode the architecture: src/core stays free of VS Code, the server logs
// through its connection, and no promise is left floating.
import tseslint from 'typescript-eslint';

/** What src/core may import: never VS Code or its callers, and whatever more a layer forbids. */
function coreImports(...patterns) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: [{ name: 'vscode', message: 'src/core is shared with the CLI and the language server.' }],
        patterns: [
          { group: ['**/vscode/**', '**/cli/**'], message: 'src/core must not depend on its callers.' },
          ...patterns,
        ],
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', '.vscode-test/', '.vsix-stage/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test runs top-level tests itself; their promises are not ours to await.
        {
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'smart'],
      // The lazily loaded bundles (language client, model commands, test runner) are the deliberate require()s.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^\\./(client|models|testing)\\.js$'] }],
    },
  },
  {
    files: ['**/*.mjs'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    // The command's launcher is CommonJS on purpose: it must run on every Node before any build.
    files: ['bin/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests and benchmarks load the built bundles (dist/) at run time, on purpose.
    files: ['test/**/*.ts', 'scripts/bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['src/core/**/*.ts', 'src/protocol/**/*.ts'], rules: coreImports() },
  // core/model holds model providers only: what runs code or scores answers calls it, not the reverse.
  {
    files: ['src/core/model/**/*.ts'],
    rules: coreImports({
      group: ['**/eval/**', '**/sandbox/**', '**/tutor/**', '**/feedback/**', '**/judge/**'],
      message: 'core/model holds model providers only; the tutor engine and eval use them.',
    }),
  },
  {
    files: ['language-server/src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The server runs outside VS Code.' }] },
      ],
    },
  },
  {
    files: ['media/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/core/**', '**/vscode/**'],
              allowTypeImports: true,
              message: 'The webview only renders and forwards.',
            },
          ],
        },
      ],
    },
  },
);
