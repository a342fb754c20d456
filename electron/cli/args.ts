/** A small argv parser: positional words, `--key value` options and `--flag` switches. */
export interface ParsedArgs {
  positional: string[];
  /** The last value of each option. */
  options: Record<string, string | undefined>;
  /** Every value of each option, for options that may be repeated (--map A=X --map B=Y). */
  all: Record<string, string[]>;
  flags: Set<string>;
}

const SWITCHES = new Set(['json', 'dry-run', 'no-open', 'help', 'accept-mapping', 'allow-erase', 'allow-empty']);

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: {}, all: {}, flags: new Set() };
  const set = (k: string, v: string) => ((out.options[k] = v), (out.all[k] ??= []).push(v));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) set(a.slice(2, eq), a.slice(eq + 1));
      else if (SWITCHES.has(a.slice(2)) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) out.flags.add(a.slice(2));
      else set(a.slice(2), argv[++i]);
    } else out.positional.push(a);
  }
  return out;
}

/** Prints a Vietnamese message to stderr and exits non-zero. */
export function fail(message: string, code = 1): never {
  console.error(`Lỗi: ${message}`);
  process.exit(code);
}
