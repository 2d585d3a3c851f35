/**
 * A small argv reader: positionals, `--flag`, `--name value` and `--name=value`. An option the
 * command does not take is an error, never ignored: a mistyped `--agencies` would otherwise make a
 * partner of every agency.
 */
export interface Args {
  positional: string[];
  options: Record<string, string | true>;
}

/** The options of one command: those that take a value, and the switches. */
export interface CommandOptions {
  valued: readonly string[];
  switches: readonly string[];
}

export function parseArgs(argv: string[], { valued, switches }: CommandOptions): Args {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!valued.includes(name) && !switches.includes(name)) {
      const known = [...valued, ...switches].map((o) => `--${o}`).join(', ');
      throw new Error(
        `unknown option --${name}${known ? ` (this command takes ${known})` : ' (this command takes none)'}`,
      );
    }
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
