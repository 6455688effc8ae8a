import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // packages/*/assembly holds AssemblyScript (compiled to WebAssembly by asc, which checks it):
  // TypeScript syntax with decorators and types the TypeScript parser rejects.
  { ignores: ['**/node_modules/**', '**/dist/**', 'bench-out/**', 'web/dist/**', 'packages/*/assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
