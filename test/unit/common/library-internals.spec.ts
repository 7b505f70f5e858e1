import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../../..');
const FIXTURE = join(__dirname, 'fixtures/library-internals.fixture.ts');

/**
 * `x as unknown as { member… }` is how code reaches past a library's declared API (BullMQ's protected
 * `createLockManager()`, an undeclared driver field): it compiles today and breaks silently on an upgrade.
 * Every such cast in src/ may name only members the value's own type declares public.
 */
function internalsReached(program: ts.Program, files: string[]): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const fileName of files) {
    const file = program.getSourceFile(fileName);
    if (!file) throw new Error(`not in the program: ${fileName}`);
    const visit = (node: ts.Node): void => {
      if (ts.isAsExpression(node) && ts.isTypeLiteralNode(node.type)) {
        let inner: ts.Expression = node.expression;
        while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
        if (ts.isAsExpression(inner) && inner.type.kind === ts.SyntaxKind.UnknownKeyword) {
          const type = checker.getTypeAtLocation(inner.expression);
          for (const member of node.type.members) {
            const name = member.name?.getText(file);
            if (!name) continue;
            const property = checker.getPropertyOfType(type, name);
            const flags = property?.valueDeclaration
              ? ts.getCombinedModifierFlags(property.valueDeclaration)
              : ts.ModifierFlags.None;
            const hidden = !property
              ? 'undeclared'
              : flags & ts.ModifierFlags.Private
                ? 'private'
                : flags & ts.ModifierFlags.Protected
                  ? 'protected'
                  : undefined;
            if (hidden) {
              const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
              found.push(
                `${relative(ROOT, fileName)}:${line + 1}: ${hidden} '${name}' of ${checker.typeToString(type)}`,
              );
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

describe('no reaching into libraries past their declared API', () => {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json unreadable');
  const sources = config.fileNames.filter((f) => f.startsWith(join(ROOT, 'src') + '/'));
  const program = ts.createProgram({
    rootNames: [...sources, FIXTURE],
    options: { ...config.options, noEmit: true, incremental: false },
  });

  it('finds a protected call and an undeclared field, and lets a public member be', () => {
    const found = internalsReached(program, [FIXTURE]).map((f) => f.replace(/^.*?: /, ''));
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^protected 'createLockManager' of Worker</);
    expect(found[1]).toBe("undeclared 'master' of Driver");
  });

  it('src/ has none', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(internalsReached(program, sources)).toEqual([]);
  });
});
