import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vscodeImport = {
  paths: [{ name: 'vscode', message: 'Only src/vscode/ and src/extension.ts may import vscode: the core runs in plain Node.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'examples/**', '.artifacts/**', '.cache/**', '**/*.cjs', 'esbuild.mjs', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', vscodeImport],
    },
  },
  { files: ['src/vscode/**/*.ts', 'src/extension.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['webview/**/*.ts', 'webview/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...vscodeImport,
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!protocol(\\.ts)?$)',
              message: 'The webview talks to the host only through src/protocol.ts.',
            },
          ],
        },
      ],
    },
  },
);
