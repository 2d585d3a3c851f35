/**
 * Which network addresses Wire may fetch from. A feed URL is untrusted input (an editor types it, a
 * feed's redirect picks it): by default only public unicast addresses are reached, never loopback,
 * private, link-local, CGNAT, multicast, unspecified, unique-local, IPv4-mapped IPv6, 6to4/Teredo or
 * other reserved ranges. Operators allow named hosts or ranges with WIRE_FEED_ALLOW.
 *
 * Addresses are parsed and classified by ipaddr.js (no home-made IP parsing). Pure: the HTTP client
 * (ingest/http.ts) asks `isAllowed` for every address it is about to connect to.
 */
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Host names (lower case) allowed whatever they resolve to. */
  hosts: Set<string>;
  /** Addresses and ranges allowed although they are not public. */
  ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
}

/** Public unicast only: ipaddr.js names every special-purpose range, and calls the rest `unicast`. */
const PUBLIC_RANGE = 'unicast';

/**
 * Reads WIRE_FEED_ALLOW's entries: `10.0.0.0/8`, `127.0.0.1`, `::1`, `feeds.internal`. Throws on an
 * entry that is neither an address, a range nor a host name, so a typo fails at start-up.
 */
export function parseAllowList(entries: readonly string[] | string | null | undefined): AddressPolicy {
  const list = typeof entries === 'string' ? entries.split(',') : (entries ?? []);
  const policy: AddressPolicy = { hosts: new Set(), ranges: [] };
  for (const raw of list) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry.includes('/')) {
      try {
        policy.ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        throw new Error(`WIRE_FEED_ALLOW: "${entry}" is not an address range (e.g. 10.0.0.0/8 or fd00::/8)`);
      }
    } else if (ipaddr.isValid(entry.replace(/^\[|\]$/g, ''))) {
      const address = ipaddr.parse(entry.replace(/^\[|\]$/g, ''));
      policy.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry)) {
      policy.hosts.add(entry.toLowerCase());
    } else {
      throw new Error(`WIRE_FEED_ALLOW: "${entry}" is not a host name, an address or an address range`);
    }
  }
  return policy;
}

/** The host of a URL as the resolver sees it: IPv6 literals without their brackets. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * May Wire connect to `address` (what `host` resolved to, or `host` itself when it is an address)?
 * An allowed host name passes whatever it resolves to; otherwise the address must be public unicast
 * or inside an allowed range. Anything that does not parse is refused.
 */
export function isAllowed(policy: AddressPolicy, host: string, address: string): boolean {
  if (policy.hosts.has(bareHost(host))) return true;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(bareHost(address));
  } catch {
    return false;
  }
  for (const [base, bits] of policy.ranges) {
    if (base.kind() === parsed.kind() && parsed.match(base as any, bits)) return true;
  }
  return parsed.range() === PUBLIC_RANGE;
}
