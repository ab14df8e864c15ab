// A layer matrix matched by folder (after VS Code's code-layering rule): every import, re-export,
// dynamic import and require() is resolved to the file it names, and the folder of that file must be a
// layer the importing file's layer may use. Bare specifiers are checked too: Node built-ins, Electron
// and, for the engine, any package at all.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

/**
 * The layers, first match wins. Paths are relative to the repository root, with forward slashes.
 * `contract` is the UI contract in src-preload that main and the renderer share.
 */
const LAYERS = [
  // Pure rules both sides apply alike (money): like the engine, it imports nothing.
  ['shared', /^src-shared\//],
  ['engine', /^src-main\/engine\//],
  ['store', /^src-main\/store\//],
  ['service', /^src-main\/service\//],
  ['delivery', /^src-main\/delivery\//],
  ['api', /^src-main\/api\//],
  ['app', /^src-main\/app\//],
  // server.ts, headless.ts, data-dir.ts: the wiring at the top of src-main.
  ['app', /^src-main\/[^/]+$/],
  // shell and shortcuts: the desktop shell's side channel and key table, shared like the contract.
  ['contract', /^src-preload\/(contract[^/]*|channels|shell|shortcuts)(\.[cm]?[jt]sx?)?$/],
  ['preload', /^src-preload\//],
  ['renderer', /^src-renderer\//],
];

/**
 * What each layer may import. `other` is any file outside the layers (resources/, for one); `package`
 * is a package from node_modules; `node` a Node built-in; `electron` Electron.
 */
export const MATRIX = {
  shared: ['shared'],
  engine: ['engine', 'shared'],
  store: ['store', 'engine', 'shared', 'other', 'package', 'node'],
  service: ['service', 'delivery', 'store', 'engine', 'shared', 'contract', 'other', 'package', 'node'],
  delivery: ['delivery', 'engine', 'shared', 'other', 'package', 'node'],
  api: ['api', 'delivery', 'service', 'store', 'engine', 'shared', 'contract', 'other', 'package', 'node'],
  app: [
    'app',
    'shared',
    'api',
    'delivery',
    'service',
    'store',
    'engine',
    'contract',
    'other',
    'package',
    'node',
    'electron',
  ],
  contract: ['contract', 'shared', 'package'],
  preload: ['preload', 'contract', 'shared', 'package', 'electron'],
  renderer: ['renderer', 'contract', 'shared', 'other', 'package'],
};

const WHY = {
  shared: 'src-shared holds pure rules every layer uses: it imports nothing outside itself.',
  engine: 'src-main/engine is pure: it imports nothing outside itself (no Node, Electron, packages or I/O).',
  store: 'src-main/store may use the engine only.',
  service: 'src-main/service may use the engine, the store, delivery and the contract.',
  delivery: "src-main/delivery (the suppliers' side) may use the engine only.",
  api: 'src-main/api may use services, the store, the engine, delivery and the contract.',
  app: 'The Electron shell may not import the renderer or the preload.',
  contract: 'The contract is shared with the renderer: no src-main, no Node, no Electron.',
  preload: 'The preload exposes the contract only: no src-main, no Node built-ins.',
  renderer: 'The renderer reaches the exchange only through the contract: no src-main, no Node, no Electron.',
};

const builtins = new Set(builtinModules);

function layerOfPath(rel) {
  for (const [layer, pattern] of LAYERS) if (pattern.test(rel)) return layer;
  return 'other';
}

function layerOfSpecifier(specifier, fromFile, root) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = relative(root, resolve(dirname(fromFile), specifier))
      .split(sep)
      .join('/');
    return layerOfPath(target);
  }
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0])) return 'node';
  if (specifier === 'electron' || specifier.startsWith('electron/')) return 'electron';
  return 'package';
}

/** @type {import('eslint').Rule.RuleModule} */
export const codeLayering = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layer matrix, matched by folder.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { layer: "{{from}} may not import {{to}} ('{{specifier}}'). {{why}}" },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const from = layerOfPath(relative(root, file).split(sep).join('/'));
    if (from === 'other') return {};
    const allowed = MATRIX[from];

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const to = layerOfSpecifier(source.value, file, root);
      if (allowed.includes(to)) return;
      context.report({
        node,
        messageId: 'layer',
        data: { from, to, specifier: source.value, why: WHY[from] },
      });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      TSImportEqualsDeclaration: (node) => {
        if (node.moduleReference.type === 'TSExternalModuleReference')
          check(node, node.moduleReference.expression);
      },
      TSImportType: (node) =>
        check(node, node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.argument),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          check(node, node.arguments[0]);
      },
    };
  },
};

export default { rules: { 'code-layering': codeLayering } };
