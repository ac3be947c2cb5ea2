/** What the TypeScript smoke tests share: named checks, counted, and the environment. */
const results: boolean[] = [];

export function check(what: string, ok: boolean): void {
  results.push(ok);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

/** Prints the tally; the process's exit code (1 if a check failed or none ran). */
export function report(name: string): number {
  const failed = results.filter((ok) => !ok).length;
  console.log(`${name}: ${results.length - failed} passed, ${failed} failed`);
  return failed > 0 || results.length === 0 ? 1 : 0;
}

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}
