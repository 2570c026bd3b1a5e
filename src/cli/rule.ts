import type { Command } from 'commander';
import { UserError } from '../errors.js';

export function register(program: Command): void {
  program
    .command('rule')
    .description('Print a lint rule’s documentation, or list every rule with --list.')
    .argument('[code]', 'rule code or name, e.g. SS104 or pip-cache-kept')
    .option('--list', 'list every rule: code, name, severity, fix, summary')
    .action(async (code: string | undefined, flags: { list?: boolean }) => {
      const [{ ruleCatalogue }, { categoryOf }, { ruleDocMarkdown }] = await Promise.all([
        import('../rules/registry.js'),
        import('../rules/define.js'),
        import('../report/rule-doc.js'),
      ]);
      const rules = ruleCatalogue();
      if (flags.list || code === undefined) {
        if (!flags.list) throw new UserError('Name a rule (e.g. `shipshape rule SS104`) or pass --list.');
        const nameWidth = Math.max(...rules.map((r) => r.name.length));
        const lines = rules.map((r) =>
          [
            r.code,
            r.name.padEnd(nameWidth),
            r.severity.padEnd(7),
            (r.fixable === false ? '' : r.fixable).padEnd(6),
            r.docs.summary,
          ].join('  '),
        );
        process.stdout.write(`${lines.join('\n')}\n`);
        return;
      }
      const wanted = code.trim();
      const rule = rules.find((r) => r.code === wanted.toUpperCase() || r.name === wanted.toLowerCase());
      if (!rule) {
        throw new UserError(`There is no rule ${wanted}; \`shipshape rule --list\` shows every rule.`);
      }
      process.stdout.write(ruleDocMarkdown(rule, categoryOf(rule.code)));
    });
}
