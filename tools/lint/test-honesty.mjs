// Lint rules for tests that cannot fail (issue #21). A test that passes whatever the product does
// is a defect; these catch the two shapes that slipped in before:
// - `no-conditional-expect`: an assertion under `if`, `?:`, `&&`/`||`, `switch`, `catch` or a
//   promise's `.catch(…)` runs only on one path, so the test passes on the other.
// - `no-unguarded-loop-expect`: an assertion in a loop (`for…of`, `for…in`, `for(;;)`,
//   `.forEach`) or `expect(xs.every(…))` passes when the list is empty. Use `expectEvery` from
//   `@anime/testing` (it fails on an empty list), loop over a non-empty literal, or assert the
//   list is non-empty first (`expect(xs).toHaveLength(n)`, `expect(xs.length).toBeGreaterThan(0)`,
//   `expect(xs).not.toHaveLength(0)`) in the same block, before the loop.
// - `no-silent-skip`: `it.skip`, `describe.skipIf(…)`, `it.runIf(…)`, `it.todo` … skip without
//   saying why. Use `itWhen(available, reason)` / `describeWhen(…)` from `@anime/testing/vitest`: the
//   skipped test's title then names the reason, and `.ci/run` lists it.

/** @typedef {import('eslint').Rule.RuleModule} RuleModule */

/** The harness calls whose callback is the test itself: walking up stops there. */
const TEST_CALLS = new Set(['it', 'test', 'describe', 'beforeAll', 'beforeEach', 'afterAll', 'afterEach', 'bench', 'suite']);

const isFunction = (node) => node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';

/** `it`, `it.each(…)`, `describe.skipIf(…)`, `it.concurrent` … → the harness name. */
function harnessName(callee) {
  let node = callee;
  while (node) {
    if (node.type === 'Identifier') return node.name;
    if (node.type === 'MemberExpression') node = node.object;
    else if (node.type === 'CallExpression') node = node.callee;
    else return undefined;
  }
  return undefined;
}

/** A function passed straight to it/test/describe/hooks: the body of a test. */
function isTestBody(node) {
  return isFunction(node) && node.parent?.type === 'CallExpression' && node.parent.arguments.includes(node) && TEST_CALLS.has(harnessName(node.parent.callee) ?? '');
}

/** `expect(…)`, `expect.poll(…)`, `expect.soft(…)`, `expect.element(…)` — not `expect.any(…)` inside a matcher. */
function isExpectCall(node) {
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name === 'expect';
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    callee.object.name === 'expect' &&
    callee.property.type === 'Identifier' &&
    ['poll', 'soft', 'element'].includes(callee.property.name)
  );
}

/** The argument of `.catch(cb)` on a promise (not a try/catch). */
const isPromiseCatchCallback = (node) =>
  isFunction(node) &&
  node.parent?.type === 'CallExpression' &&
  node.parent.arguments[0] === node &&
  node.parent.callee.type === 'MemberExpression' &&
  node.parent.callee.property.type === 'Identifier' &&
  node.parent.callee.property.name === 'catch';

/** Why the path from `node` up to its test body is conditional, or undefined when it is not. */
function conditionOf(node) {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isTestBody(child)) return undefined;
    switch (parent.type) {
      case 'IfStatement':
        if (child !== parent.test) return 'an `if`';
        break;
      case 'ConditionalExpression':
        if (child !== parent.test) return 'a `?:`';
        break;
      case 'LogicalExpression':
        if (child === parent.right) return `the right side of \`${parent.operator}\``;
        break;
      case 'SwitchCase':
        if (child !== parent.test) return 'a `switch` case';
        break;
      case 'CatchClause':
        return 'a `catch` block';
      case 'ChainExpression':
        break;
      default:
        if (isPromiseCatchCallback(child)) return 'a `.catch(…)` callback';
    }
  }
  return undefined;
}

/** @type {RuleModule} */
const noConditionalExpect = {
  meta: {
    type: 'problem',
    docs: { description: 'An assertion must run on every path of a test; one under a condition lets the test pass when the condition is false.' },
    schema: [],
    messages: {
      conditional:
        'This assertion sits inside {{where}}, so the test passes whenever that path is not taken. Make the state deterministic and assert it unconditionally (e.g. `await expect(p).rejects.toMatchObject(…)`, or one test per state).',
    },
  },
  create(context) {
    return {
      CallExpression(node) {
        if (!isExpectCall(node)) return;
        const where = conditionOf(node);
        if (where) context.report({ node, messageId: 'conditional', data: { where } });
      },
    };
  },
};

const LOOPS = new Set(['ForOfStatement', 'ForInStatement', 'ForStatement', 'WhileStatement', 'DoWhileStatement']);

/** `xs.forEach(cb)`: the callback. */
const isForEachCallback = (node) =>
  isFunction(node) &&
  node.parent?.type === 'CallExpression' &&
  node.parent.arguments[0] === node &&
  node.parent.callee.type === 'MemberExpression' &&
  node.parent.callee.property.type === 'Identifier' &&
  node.parent.callee.property.name === 'forEach';

/** `[…] as const`, `[…] satisfies T`, `<T>[…]` → the expression inside. */
function unwrapTs(node) {
  let inner = node;
  while (inner && ['TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'TSNonNullExpression'].includes(inner.type)) inner = inner.expression;
  return inner;
}

/** A loop that certainly runs at least once: over a non-empty array literal, or `for (let i = 0; i < 3; …)`. */
function runsAtLeastOnce(loop) {
  if (loop.type === 'ForOfStatement') {
    const list = unwrapTs(loop.right);
    return list.type === 'ArrayExpression' && list.elements.some((e) => e && e.type !== 'SpreadElement');
  }
  if (loop.type === 'DoWhileStatement') return true;
  if (loop.type === 'ForStatement') {
    const init = loop.init?.type === 'VariableDeclaration' ? loop.init.declarations[0]?.init : undefined;
    const test = loop.test;
    return (
      init?.type === 'Literal' &&
      typeof init.value === 'number' &&
      test?.type === 'BinaryExpression' &&
      ['<', '<='].includes(test.operator) &&
      test.right.type === 'Literal' &&
      typeof test.right.value === 'number' &&
      (test.operator === '<' ? init.value < test.right.value : init.value <= test.right.value)
    );
  }
  return false;
}

/** The source of the list a loop walks (for matching a non-empty assertion before it). */
function iteratedText(sourceCode, loop) {
  if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') return sourceCode.getText(loop.right);
  if (loop.type === 'CallExpression') return sourceCode.getText(loop.callee.object);
  return undefined;
}

/** Matchers that prove `subject` (a list) has at least one item, given the asserted value's text. */
function provesNonEmpty(chain, subjectText, listText) {
  const { matcher, negated, arg } = chain;
  const positiveNumber = (n) => n?.type === 'Literal' && typeof n.value === 'number' && n.value > 0;
  if (subjectText === listText) {
    if (matcher === 'toHaveLength') return negated ? arg?.type === 'Literal' && arg.value === 0 : !(arg?.type === 'Literal' && arg.value === 0);
    if (!negated && ['toEqual', 'toStrictEqual'].includes(matcher)) return arg?.type === 'ArrayExpression' && arg.elements.length > 0;
    return false;
  }
  if (subjectText === `${listText}.length` || subjectText === `${listText}.size`) {
    if (negated) return matcher === 'toBe' && arg?.type === 'Literal' && arg.value === 0;
    if (matcher === 'toBeGreaterThan') return arg?.type === 'Literal' && typeof arg.value === 'number' && arg.value >= 0;
    if (matcher === 'toBeGreaterThanOrEqual' || matcher === 'toBe') return positiveNumber(arg);
  }
  return false;
}

/** `expect(x)[.not].matcher(arg)` → its parts; undefined for anything else. */
function expectChain(sourceCode, expression) {
  let node = expression.type === 'AwaitExpression' ? expression.argument : expression;
  if (node?.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.property.type !== 'Identifier') return undefined;
  const matcher = node.callee.property.name;
  const arg = node.arguments[0];
  let object = node.callee.object;
  let negated = false;
  if (object.type === 'MemberExpression' && object.property.type === 'Identifier' && object.property.name === 'not') {
    negated = true;
    object = object.object;
  }
  if (!isExpectCall(object) || object.callee.type !== 'Identifier' || !object.arguments[0]) return undefined;
  return { matcher, negated, arg, subject: sourceCode.getText(object.arguments[0]) };
}

/** Is there an earlier statement in the loop's block asserting the walked list is non-empty? */
function guardedBefore(sourceCode, loop) {
  const listText = iteratedText(sourceCode, loop);
  if (!listText) return false;
  let statement = loop.type === 'CallExpression' ? loop.parent : loop;
  if (statement?.type !== 'ExpressionStatement' && loop.type === 'CallExpression') return false;
  const block = statement.parent;
  if (!block || !Array.isArray(block.body)) return false;
  const index = block.body.indexOf(statement);
  return block.body.slice(0, index).some((s) => {
    if (s.type !== 'ExpressionStatement') return false;
    const chain = expectChain(sourceCode, s.expression);
    return chain !== undefined && provesNonEmpty(chain, chain.subject, listText);
  });
}

/** The innermost loop (or `.forEach`) around `node` inside its test, if any. */
function enclosingLoop(node) {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (isTestBody(child)) return undefined;
    if (LOOPS.has(parent.type) && (child === parent.body || child === parent.test || child === parent.update)) return parent;
    if (isForEachCallback(child)) return parent;
  }
  return undefined;
}

/** @type {RuleModule} */
const noUnguardedLoopExpect = {
  meta: {
    type: 'problem',
    docs: { description: 'An assertion over every item of a list must fail when the list is empty.' },
    schema: [],
    messages: {
      loop: 'An assertion in a loop passes when the list is empty. Use `expectEvery(list, check)` from @anime/testing, or assert the list is non-empty first in this block (e.g. `expect(list.length).toBeGreaterThan(0)`).',
      every: '`expect(list.every(…))` passes when the list is empty. Use `expectEvery(list, check)` from @anime/testing, or assert the list is non-empty first in this block.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const reported = new Set();
    return {
      CallExpression(node) {
        if (!isExpectCall(node)) return;
        const loop = enclosingLoop(node);
        if (loop && !reported.has(loop) && !runsAtLeastOnce(loop) && !guardedBefore(sourceCode, loop)) {
          reported.add(loop);
          context.report({ node, messageId: 'loop' });
        }
        const [subject] = node.arguments;
        const every =
          subject?.type === 'CallExpression' &&
          subject.callee.type === 'MemberExpression' &&
          subject.callee.property.type === 'Identifier' &&
          subject.callee.property.name === 'every' &&
          subject.callee.object;
        if (every) {
          const listText = sourceCode.getText(every);
          const statement = node.parent?.parent?.parent;
          const block = statement?.parent;
          const earlier = block && Array.isArray(block.body) ? block.body.slice(0, block.body.indexOf(statement)) : [];
          const guarded =
            (every.type === 'ArrayExpression' && every.elements.length > 0) ||
            earlier.some((s) => {
              if (s.type !== 'ExpressionStatement') return false;
              const chain = expectChain(sourceCode, s.expression);
              return chain !== undefined && provesNonEmpty(chain, chain.subject, listText);
            });
          if (!guarded) context.report({ node, messageId: 'every' });
        }
      },
    };
  },
};

const SKIPPING = new Set(['skip', 'skipIf', 'runIf', 'todo']);
const SKIPPABLE = new Set(['it', 'test', 'describe', 'suite', 'bench']);

/** @type {RuleModule} */
const noSilentSkip = {
  meta: {
    type: 'problem',
    docs: { description: 'A skipped test must say why in its title, so CI lists the skip with its reason.' },
    schema: [],
    messages: {
      silent: '`{{call}}` skips without saying why. Use `itWhen(available, reason)` / `describeWhen(available, reason)` from @anime/testing/vitest: the title then reads "… (skipped: <reason>)" and `.ci/run` lists it.',
    },
  },
  create(context) {
    return {
      MemberExpression(node) {
        if (node.property.type !== 'Identifier' || !SKIPPING.has(node.property.name)) return;
        // it.skip, describe.skipIf, it.concurrent.skip, test.each(…).skip is not a thing; keep to the chain of members.
        let object = node.object;
        while (object.type === 'MemberExpression') object = object.object;
        if (object.type !== 'Identifier' || !SKIPPABLE.has(object.name)) return;
        context.report({ node, messageId: 'silent', data: { call: context.sourceCode.getText(node) } });
      },
    };
  },
};

/** The `test-honesty` ESLint plugin (flat config). */
export default {
  meta: { name: 'test-honesty' },
  rules: { 'no-conditional-expect': noConditionalExpect, 'no-unguarded-loop-expect': noUnguardedLoopExpect, 'no-silent-skip': noSilentSkip },
};
