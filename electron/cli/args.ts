/** A small argv parser: positional words, `--key value` options and `--flag` switches. */
export interface ParsedArgs {
  positional: string[];
  options: Record<string, string | undefined>;
  flags: Set<string>;
}

const SWITCHES = new Set(['json', 'dry-run', 'no-open', 'help']);

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: {}, flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) out.options[a.slice(2, eq)] = a.slice(eq + 1);
      else if (SWITCHES.has(a.slice(2)) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) out.flags.add(a.slice(2));
      else out.options[a.slice(2)] = argv[++i];
    } else out.positional.push(a);
  }
  return out;
}

/** Prints a Vietnamese message to stderr and exits non-zero. */
export function fail(message: string, code = 1): never {
  console.error(`Lỗi: ${message}`);
  process.exit(code);
}
