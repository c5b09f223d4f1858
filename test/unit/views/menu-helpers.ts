// The row menu entries VS Code shows for a context value in a view (the Tasks view unless named),
// evaluated from package.json with the `when` forms it uses (view ==, viewItem ==, !=, =~). Shared by
// the unit tests of the menus and the restart case that reads the real extension's manifest.

export interface MenuItem {
  readonly command: string;
  readonly when?: string;
  readonly group?: string;
}

export function rowMenu(menus: Record<string, readonly MenuItem[]>, contextValue: string, view = 'airforce.tasks'): MenuItem[] {
  const holds = (clause: string): boolean => {
    const c = clause.trim();
    let m: RegExpExecArray | null;
    if ((m = /^view == (\S+)$/.exec(c))) return m[1] === view;
    if ((m = /^viewItem == (\S+)$/.exec(c))) return m[1] === contextValue;
    if ((m = /^viewItem != (\S+)$/.exec(c))) return m[1] !== contextValue;
    if ((m = /^viewItem =~ \/(.+)\/$/.exec(c))) return new RegExp(m[1]!).test(contextValue);
    throw new Error(`unknown when clause: ${c}`);
  };
  return (menus['view/item/context'] ?? []).filter((item) => (item.when ?? '').split('&&').every(holds));
}
