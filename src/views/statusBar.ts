// "$(loading~spin) 2 generating" while jobs of any kind run; hidden when idle. Click → Tasks view.
import * as vscode from 'vscode';
import { Disposable } from '../util/dispose';
import type { TaskSource } from './tasksTree';
import { isRunning } from './taskPresentation';

export class GeneratingStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('airforce.generating', vscode.StatusBarAlignment.Left, 50));

  constructor() {
    super();
    this.item.name = vscode.l10n.t('Airforce: generating');
    this.item.command = 'airforce.tasks.focus';
  }

  attach(source: TaskSource): void {
    const update = (): void => this.update(source);
    this.register(source.onDidChange(update));
    update();
  }

  private update(source: TaskSource): void {
    const running = source.records().filter(isRunning).length;
    if (running === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(loading~spin) ${vscode.l10n.t('{0} generating', running)}`;
    this.item.tooltip = vscode.l10n.t('Airforce: {0} generating — show the Tasks view', running);
    this.item.show();
  }
}
