// X-Cost-Cents: what the server billed for one request, a decimal with up to 4 places (the API's
// precision). Only a plain non-negative decimal counts — no exponent, sign or hex; anything else is
// "not said", never a guess. Whether the figure is believable is the spending ledger's question
// (spending/spend.ts isImplausible).
export function parseCostHeader(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  // Rounded to the API's 4 places, so more digits and binary noise never reach the totals.
  const cents = Math.round(Number(header) * 1e4) / 1e4;
  return Number.isFinite(cents) ? cents : undefined;
}
