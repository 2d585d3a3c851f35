/**
 * The agencies Wire knows out of the box: code, name, the aliases their copy names them by (credits,
 * abbreviations, G2 provider qcodes, NITF `from-src`, sign-off lines, guid and URL domains) and a
 * homepage only where it is certain (null otherwise: an editor sets it at the desk, Agencies).
 * Seeded at bootstrap without overwriting what an editor changed. Pure data and look-ups.
 */
import type { AgencyRef } from '../formats/types';
import { detached } from '../normalise/text';

export interface DirectoryEntry {
  code: string;
  name: string;
  aliases: string[];
  homepage: string | null;
}

export const AGENCY_DIRECTORY: DirectoryEntry[] = [
  {
    code: 'AP',
    name: 'The Associated Press',
    homepage: 'https://apnews.com',
    aliases: ['AP', 'Associated Press', 'The Associated Press', 'nprov:AP', 'apnews.com', 'ap.org'],
  },
  {
    code: 'REUTERS',
    name: 'Reuters',
    homepage: 'https://www.reuters.com',
    aliases: ['Reuters', 'Thomson Reuters', 'RTRS', 'nprov:REUTERS', 'reuters.com'],
  },
  {
    code: 'AFP',
    name: 'Agence France-Presse',
    homepage: 'https://www.afp.com',
    aliases: ['AFP', 'Agence France-Presse', 'Agence France Presse', 'nprov:AFP', 'afp.com'],
  },
  {
    code: 'DPA',
    name: 'Deutsche Presse-Agentur',
    homepage: 'https://www.dpa.com',
    aliases: ['dpa', 'Deutsche Presse-Agentur', 'dpa-AFX', 'nprov:DPA', 'dpa.com', 'dpa.de'],
  },
  {
    code: 'PA',
    name: 'PA Media',
    homepage: 'https://pa.media',
    aliases: ['PA', 'PA Media', 'Press Association', 'The Press Association', 'nprov:PA', 'pa.media'],
  },
  {
    code: 'ANSA',
    name: 'ANSA',
    homepage: 'https://www.ansa.it',
    aliases: ['ANSA', 'Agenzia ANSA', 'nprov:ANSA', 'ansa.it'],
  },
  {
    code: 'EFE',
    name: 'Agencia EFE',
    homepage: 'https://www.efe.com',
    aliases: ['EFE', 'Agencia EFE', 'nprov:EFE', 'efe.com'],
  },
  {
    code: 'KYODO',
    name: 'Kyodo News',
    homepage: 'https://english.kyodonews.net',
    aliases: ['Kyodo', 'Kyodo News', 'nprov:KYODO', 'kyodonews.net', 'kyodonews.jp'],
  },
  {
    code: 'XINHUA',
    name: 'Xinhua News Agency',
    homepage: null,
    aliases: ['Xinhua', 'Xinhua News Agency', 'nprov:XINHUA', 'xinhuanet.com', 'news.cn'],
  },
  {
    code: 'UPI',
    name: 'United Press International',
    homepage: 'https://www.upi.com',
    aliases: ['UPI', 'United Press International', 'nprov:UPI', 'upi.com'],
  },
  {
    code: 'AAP',
    name: 'Australian Associated Press',
    homepage: 'https://www.aap.com.au',
    aliases: ['AAP', 'Australian Associated Press', 'nprov:AAP', 'aap.com.au'],
  },
  {
    code: 'APA',
    name: 'Austria Presse Agentur',
    homepage: 'https://www.apa.at',
    aliases: ['APA', 'Austria Presse Agentur', 'nprov:APA', 'apa.at'],
  },
  { code: 'BELGA', name: 'Belga', homepage: 'https://www.belga.be', aliases: ['Belga', 'nprov:BELGA', 'belga.be'] },
  {
    code: 'ANP',
    name: 'Algemeen Nederlands Persbureau',
    homepage: 'https://www.anp.nl',
    aliases: ['ANP', 'Algemeen Nederlands Persbureau', 'nprov:ANP', 'anp.nl'],
  },
  {
    code: 'SDA',
    name: 'Keystone-SDA',
    homepage: 'https://www.keystone-sda.ch',
    aliases: [
      'SDA',
      'Keystone-SDA',
      'SDA-Keystone',
      'Keystone-ATS',
      'ATS',
      'Schweizerische Depeschenagentur',
      'nprov:SDA',
      'keystone-sda.ch',
    ],
  },
  {
    code: 'RITZAU',
    name: 'Ritzau',
    homepage: null,
    aliases: ['Ritzau', 'Ritzaus Bureau', 'nprov:RITZAU', 'ritzau.dk'],
  },
  {
    code: 'NTB',
    name: 'Norsk Telegrambyrå',
    homepage: 'https://www.ntb.no',
    aliases: ['NTB', 'Norsk Telegrambyrå', 'nprov:NTB', 'ntb.no'],
  },
  { code: 'TT', name: 'TT Nyhetsbyrån', homepage: null, aliases: ['TT', 'TT Nyhetsbyrån', 'nprov:TT', 'tt.se'] },
  {
    code: 'STT',
    name: 'STT',
    homepage: null,
    aliases: ['STT', 'Suomen Tietotoimisto', 'STT-Info', 'nprov:STT', 'stt.fi'],
  },
  {
    code: 'EPA',
    name: 'European Pressphoto Agency',
    homepage: 'https://www.epa.eu',
    aliases: ['EPA', 'European Pressphoto Agency', 'nprov:EPA', 'epa.eu'],
  },
  { code: 'ANA', name: 'Athens News Agency', homepage: null, aliases: ['ANA'] },
  {
    code: 'ANA-MPA',
    name: 'Athens-Macedonian News Agency',
    homepage: null,
    aliases: ['ANA-MPA', 'Athens-Macedonian News Agency', 'amna.gr'],
  },
  {
    code: 'CP',
    name: 'The Canadian Press',
    homepage: 'https://www.thecanadianpress.com',
    aliases: ['CP', 'Canadian Press', 'The Canadian Press', 'nprov:CP'],
  },
  {
    code: 'KNA',
    name: 'Katholische Nachrichten-Agentur',
    homepage: null,
    aliases: ['KNA', 'Katholische Nachrichten-Agentur'],
  },
  { code: 'EPD', name: 'Evangelischer Pressedienst', homepage: null, aliases: ['epd', 'Evangelischer Pressedienst'] },
  // USPA's homepage is not known for certain: an editor sets it.
  { code: 'USPA', name: 'USPA News', homepage: null, aliases: ['USPA', 'USPA News'] },
];

// The same few names are looked up for every item of a feed: their keys are kept (bounded).
const aliasKeys = new Map<string, string>();
const MAX_CACHED_ALIASES = 1000;

/** How an alias is compared: case, accents' case, surrounding space and a `www.` folded away. */
export function aliasKey(alias: string): string {
  let key = aliasKeys.get(alias);
  if (key === undefined) {
    key = alias
      .normalize('NFC')
      .trim()
      .replace(/\s+/g, ' ')
      .replace(/^www\./i, '')
      .toLowerCase();
    if (alias.length <= 200) {
      if (aliasKeys.size >= MAX_CACHED_ALIASES) aliasKeys.clear();
      // Copies: an alias read from a feed may be a slice of the whole feed's text.
      key = detached(key);
      aliasKeys.set(detached(alias), key);
    }
  }
  return key;
}

/** An alias list (editor-edited JSON) read defensively: strings only, trimmed, at most 100. */
export function readAliases(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((a): a is string => typeof a === 'string' && !!a.trim() && a.length <= 200)
    .map((a) => a.trim())
    .slice(0, 100);
}

/** Look-up of agencies by code or alias. Built from the shipped directory, or from the stored one. */
export class AgencyIndex {
  private byKey = new Map<string, DirectoryEntry>();
  private byCode = new Map<string, DirectoryEntry>();

  constructor(entries: DirectoryEntry[] = AGENCY_DIRECTORY) {
    for (const e of entries) {
      this.byCode.set(e.code.toUpperCase(), e);
      for (const a of [e.code, e.name, ...e.aliases]) {
        const key = aliasKey(a);
        if (key && !this.byKey.has(key)) this.byKey.set(key, e);
      }
    }
  }

  byAlias(alias: string | null | undefined): DirectoryEntry | null {
    if (!alias?.trim()) return null;
    return this.byKey.get(aliasKey(alias)) ?? null;
  }

  code(code: string): DirectoryEntry | null {
    return this.byCode.get(code.toUpperCase()) ?? null;
  }

  /** The entry whose domain alias the host is or ends in (`www.reuters.com` → Reuters). */
  byDomain(host: string | null | undefined): DirectoryEntry | null {
    let h = aliasKey(host ?? '');
    while (h.includes('.')) {
      const hit = this.byKey.get(h);
      if (hit) return hit;
      h = h.slice(h.indexOf('.') + 1);
    }
    return null;
  }
}

export const SHIPPED = new AgencyIndex();

/** Bumped when an editor changes the stored directory: this node's cached copy is read again. */
export const storedDirectoryVersion = { value: 0 };

export const refOf = (e: DirectoryEntry): AgencyRef => ({ code: e.code, name: e.name, homepage: e.homepage });

/** A homepage is kept only when it is an absolute http(s) URL. */
export function validHomepage(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim() || value.length > 500) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
