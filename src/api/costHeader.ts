// X-Cost-Cents: what the server billed for one request. Only a plain non-negative number counts;
// anything else is "not said", never a guess.
export function parseCostHeader(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  const cents = Number(header);
  return Number.isFinite(cents) ? cents : undefined;
}
