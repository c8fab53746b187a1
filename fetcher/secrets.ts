// Keeps API keys out of every message, log line, report and staged row.
// Every configured key (and any other *_API_KEY / *_KEY / *_TOKEN / *_SECRET value in the environment) is
// replaced by *** wherever it appears; message text also loses anything that looks like a credential header.

const SECRET_VARIABLE = /(_API_KEY|_KEY|_TOKEN|_SECRET|_PASSWORD)$/;
/** Values shorter than this are not treated as secrets (replacing "1" everywhere would garble every message). */
const MIN_SECRET_LENGTH = 6;
const MASK = '***';
/** A prefix of a key this long or longer is masked where a text ends or was cut (by us or by the provider). */
const MIN_PREFIX_LENGTH = 8;

/** Credential-looking fragments that an SDK or a server may echo (headers, query parameters). */
const CREDENTIAL_PATTERNS: RegExp[] = [
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi,
  /\b(x-api-key|x-goog-api-key|api-key|authorization)(["']?\s*[:=]\s*["']?)((?:Bearer|Basic)\s+)?[^\s"',}]+/gi,
  /([?&](?:key|api_key|apikey|access_token)=)[^&\s"']+/gi,
];

export class Redactor {
  readonly #secrets: string[];

  constructor(secrets: Iterable<string | undefined>) {
    const unique = new Set<string>();
    for (const s of secrets) {
      const v = s?.trim();
      if (v && v.length >= MIN_SECRET_LENGTH) unique.add(v);
    }
    // Longest first, so that a key containing another key is masked whole.
    this.#secrets = [...unique].sort((a, b) => b.length - a.length);
  }

  /** Every secret-looking environment value plus the given ones. */
  static fromEnv(env: NodeJS.ProcessEnv, extra: Iterable<string | undefined> = []): Redactor {
    const values = Object.entries(env)
      .filter(([name]) => SECRET_VARIABLE.test(name))
      .map(([, value]) => value);
    return new Redactor([...values, ...extra]);
  }

  /** True when `text` contains one of the secrets verbatim. */
  contains(text: string): boolean {
    return this.#secrets.some((s) => text.includes(s));
  }

  /** Replaces the secrets themselves (exact matches only): for data such as staged payloads. */
  scrubSecrets(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join(MASK);
    return out;
  }

  /** For messages and log lines: the secrets, then anything shaped like a credential header or query parameter. */
  scrub(text: string): string {
    let out = this.scrubSecrets(text);
    out = out.replace(CREDENTIAL_PATTERNS[0]!, `$1 ${MASK}`);
    out = out.replace(CREDENTIAL_PATTERNS[1]!, `$1$2$3${MASK}`);
    out = out.replace(CREDENTIAL_PATTERNS[2]!, `$1${MASK}`);
    return this.#scrubCutPrefixes(out);
  }

  /**
   * Masks, then cuts to `max` characters (… marks a cut): a key that crossed the cut is masked whole before
   * anything is cut, and a prefix of a key (8+ characters) left at the end, or before an ellipsis a provider put
   * in its own echo, is masked too. Every text that is shortened goes through here (SPEC 9: mask first, then cut).
   */
  cut(text: string, max: number): string {
    const masked = this.scrub(text);
    if (masked.length <= max) return masked;
    return `${this.#scrubCutPrefixes(masked.slice(0, max - 1))}…`;
  }

  /** A text that ends (or continues with an ellipsis) right after a key's prefix of 8+ characters: mask the prefix. */
  #scrubCutPrefixes(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      // one scan for the shortest prefix first: a large report without any pays nothing more
      if (secret.length <= MIN_PREFIX_LENGTH || !out.includes(secret.slice(0, MIN_PREFIX_LENGTH))) continue;
      for (let n = secret.length - 1; n >= MIN_PREFIX_LENGTH; n--) {
        const prefix = secret.slice(0, n);
        if (!out.includes(prefix)) continue;
        let next = '';
        for (let from = 0; ; ) {
          const at = out.indexOf(prefix, from);
          if (at < 0) {
            next += out.slice(from);
            break;
          }
          const rest = out.slice(at + n);
          const atCut = rest === '' || rest.startsWith('…') || rest.startsWith('...');
          next += out.slice(from, at) + (atCut ? MASK : prefix);
          from = at + n;
        }
        out = next;
      }
    }
    return out;
  }
}

/** What a message is cut with when no key is configured: masks the credential-shaped fragments only. */
export const NO_SECRETS = new Redactor([]);
