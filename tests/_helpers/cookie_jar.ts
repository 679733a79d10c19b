/** A minimal cookie jar for fetch-driven flows (no browser). */
export class CookieJar {
  #cookies = new Map<string, string>();

  /** Stores the Set-Cookie headers of a response. */
  absorb(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) =>
        /^\s*max-age=0/i.test(a) ||
        /^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now()
      );
      if (expired || value === "") this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  set(name: string, value: string): void {
    this.#cookies.set(name, value);
  }

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}
