// Lint keeps the runtimes apart: shared/ is pure, renderer/ never reaches Node or Electron,
// and the core never imports Electron (it also runs under plain Node for the web host, CLI and tests).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

// Bare builtins are matched exactly ('domain' is a Node builtin and also our shared/domain folder).
const NODE_MSG = 'Mã dùng chung/giao diện không được dùng module của Node.';
const nodePaths = builtinModules.map((name) => ({ name, message: NODE_MSG }));
const nodeImports = [
  { group: ['node:*'], message: NODE_MSG },
  { group: ['electron', 'electron/*'], message: 'Chỉ electron/main và electron/preload được dùng Electron.' },
];

const NO_ELECTRON = { group: ['electron', 'electron/*'], message: 'Lõi ứng dụng chạy bằng Node thuần, không dùng Electron.' };
const NO_HOSTS = {
  group: ['**/web/**', '**/cli/**', '**/main/**', '**/electron/web', '**/electron/cli', '**/electron/main'],
  message: 'Lõi ứng dụng không được dùng mã của các host (web, dòng lệnh, Electron main).',
};
const NO_RENDERER = { group: ['**/renderer/**'], message: 'Chỉ giao diện dùng mã trong renderer/.' };
const NO_REPOS = { group: ['**/db/repos/**'], message: 'Chỉ các service được gọi repo (mọi thao tác với dữ liệu năm đi qua service và cổng ghi).' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-output/**', 'electron/core/db/migrations/**', 'bench/data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [
            ...nodeImports,
            { group: ['react', 'react-dom', 'antd', '**/renderer/**', '**/electron/**'], message: 'shared/ chỉ chứa TypeScript thuần.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname', 'fetch'].map(
          (name) => ({ name, message: 'shared/ chỉ chứa TypeScript thuần: không DOM, không Node.' }),
        ),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodePaths,
          patterns: [...nodeImports, { group: ['**/electron/**'], message: 'Giao diện chỉ gọi ứng dụng qua window.api.' }],
        },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Giao diện không có process của Node.' }],
    },
  },
  // The core and the hosts: the core never imports Electron, a host or the renderer; only services (and the db layer
  // itself) reach the repos, so every read and write of a year goes through a service and the write gate.
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/services/**', 'electron/core/db/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ELECTRON, NO_HOSTS, NO_RENDERER, NO_REPOS] }] },
  },
  {
    files: ['electron/core/services/**/*.ts', 'electron/core/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ELECTRON, NO_HOSTS, NO_RENDERER] }] },
  },
  {
    files: ['electron/web/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_ELECTRON, NO_RENDERER, NO_REPOS] }] },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_RENDERER, NO_REPOS] }] },
  },
  // The preload runs sandboxed: no Node at all, only Electron's contextBridge and ipcRenderer.
  {
    files: ['electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: nodePaths, patterns: [{ group: ['node:*'], message: NODE_MSG }, NO_RENDERER, NO_REPOS] }] },
  },
);
