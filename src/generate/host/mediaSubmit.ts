// The panel's image/audio submit is the one host submit in submit.ts; these names stay for panel.ts.
export { panelProblems, promptOf, submitMediaFromPanel } from './submit';
