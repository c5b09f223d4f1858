// Defaults of the airforce.* settings that code needs besides package.json, written once. Free of
// vscode and zod so the browser apps (the Compare app's value before the host's init) can share it.

export const DEFAULT_BASE_URL = 'https://api.airforce';
/** airforce.confirmCostAboveCents: a submit above this many cents asks first. */
export const DEFAULT_CONFIRM_COST_ABOVE_CENTS = 500;
