// Keeps API keys out of every message, log line, report and staged row.
// Every configured key (and any other *_API_KEY / *_KEY / *_TOKEN / *_SECRET value in the environment) is
// replaced by *** wherever it appears; message text also loses anything that looks like a credential header.

const SECRET_VARIABLE = /(_API_KEY|_KEY|_TOKEN|_SECRET|_PASSWORD)$/;
/** Values shorter than this are not treated as secrets (replacing "1" everywhere would garble every message). */
const MIN_SECRET_LENGTH = 6;
const MASK = '***';

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
    return out;
  }
}
