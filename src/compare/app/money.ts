// Money as the grid shows it: the views' one rule (whole cents; less than a cent keeps its fraction),
// in the page's language (the host sets <html lang> from vscode.env.language).
import { formatCostCents } from '../../views/money';

export const money = (cents: number): string => formatCostCents(cents, document.documentElement.lang || undefined);
