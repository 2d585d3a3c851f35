/** A small argv reader: positionals, `--flag`, `--name value` and `--name=value`. */
export interface Args {
  positional: string[];
  options: Record<string, string | true>;
}

export function parseArgs(argv: string[], valued: string[]): Args {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) options[name] = inline;
    else if (valued.includes(name)) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      options[name] = value;
      i += 1;
    } else options[name] = true;
  }
  return { positional, options };
}
