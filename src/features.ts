// Everything a command needs once it runs: loaded on first use through lazy.ts, never at activation.
export { animateImage, generateVideo } from './commands/generate';
export { panelHost } from './generate/host/vscodePanelHost';
export { copyRequestId, copyTaskId, deleteTask, downloadResult, openResult, rerunTask } from './commands/jobCommands';
export { lookAgain, sendAgain, tryAgain } from './commands/fateCommands';
export { reportError } from './ui/report';
export { GenerationPanel } from './generate/host/panel';
export { editImage, generateAudio, generateMedia } from './commands/mediaCommands';
export { speakSelection } from './commands/speakSelection';
export { dub, runOperation } from './commands/operationCommands';
export { cloneVoice, deleteVoice, renameVoice } from './commands/voiceCommands';
export { exportHistory, reviveSpending, showSpending } from './spending/vscode/commands';
export { compareAgain, compareModels, openComparison, reviveComparePanel } from './compare/host/commands';
export { generateAll as generateStoryboard, generateShot as generateStoryboardShot } from './storyboard/vscode/commands';
export { CompletionNotifier } from './ui/completionNotifier';
export { AnnouncedFolder } from './jobs/announced';
export { languageModelTool } from './tools/vscode/tools';
export { startStoryboardSupport } from './storyboard/vscode/support';
export { storyboardFromSelection } from './prompting/vscode/storyboardFromSelection';
