// The app's strings, localised on the host so the webview has no English of its own. Takes
// `vscode.l10n` as a parameter (no vscode import) so the browser harness and tests can use it too;
// every string is a literal `l10n.t('…')` call, which is what the l10n export tool looks for.
import type { Strings } from '../protocolConstants';
import type { L10n } from '../../l10n/l10n';
import { problemStrings } from '../../l10n/problemStrings';

export type { L10n };

export function panelStrings(l10n: L10n): Strings {
  return { ...videoStrings(l10n), ...mediaStrings(l10n), ...keyboardStrings(l10n), ...operationStrings(l10n), ...promptHelpStrings(l10n), ...problemStrings(l10n) };
}

/** Improve prompt, under every kind's prompt field (and Compare's). */
export function promptHelpStrings(l10n: L10n) {
  return {
    improvePrompt: l10n.t('Improve prompt'),
    improving: l10n.t('Improving…'),
    improveCancel: l10n.t('Cancel'),
    improveUndo: l10n.t('Undo'),
    improveRetry: l10n.t('Try again'),
    improvePrice: l10n.t('Up to {0} with {1}'),
    improvePriceUnknown: l10n.t('Price unknown with {0}'),
    improved: l10n.t('Rewritten by {0} for {1}.'),
    improvedNoCost: l10n.t('Rewritten by {0}; its cost is unknown.'),
    lessThan: l10n.t('less than {0}'),
  };
}

/** The video form and the task view. */
function videoStrings(l10n: L10n) {
  return {
    model: l10n.t('Model'),
    modelOption: l10n.t('{0} — {1}/s'),
    modelsLoading: l10n.t('Loading video models…'),
    modelsRetry: l10n.t('Retry'),
    noVideoModels: l10n.t('No video models are available for this key.'),
    refresh: l10n.t('Refresh models'),
    setDefault: l10n.t('Make default'),
    isDefault: l10n.t('Default model'),
    mode: l10n.t('Mode'),
    'mode.text': l10n.t('Text to video'),
    'mode.image': l10n.t('Animate an image'),
    'mode.reference': l10n.t('Style from reference images'),
    prompt: l10n.t('Prompt'),
    promptPlaceholder: l10n.t('Describe the scene, the camera and the motion'),
    duration: l10n.t('Duration'),
    seconds: l10n.t('{0} s'),
    aspectRatio: l10n.t('Aspect ratio'),
    quality: l10n.t('Quality'),
    images: l10n.t('Input images'),
    imagesHintImage: l10n.t('One image: the first frame to animate.'),
    imagesHintReference: l10n.t('One or more images that set the style.'),
    addFromWorkspace: l10n.t('Add from workspace…'),
    dropHere: l10n.t('Drop images from the Explorer here (hold Shift while dragging)'),
    imageUrl: l10n.t('Image URL (https)'),
    addUrl: l10n.t('Add URL'),
    urlInvalid: l10n.t('Enter an https:// URL.'),
    remove: l10n.t('Remove {0}'),
    advanced: l10n.t('Advanced'),
    seed: l10n.t('Seed'),
    sound: l10n.t('Generate sound'),
    extraParams: l10n.t('Extra parameters (passed to the provider as they are)'),
    extraKey: l10n.t('Name'),
    extraValue: l10n.t('Value'),
    addParam: l10n.t('Add parameter'),
    removeParam: l10n.t('Remove parameter {0}'),
    generate: l10n.t('Generate'),
    generating: l10n.t('Submitting…'),
    estimatedCost: l10n.t('Estimated cost: {0}'),
    costConfirmNote: l10n.t('You will be asked to confirm amounts above {0}.'),
    'status.waiting': l10n.t('Waiting for a free slot'),
    'status.queued': l10n.t('Queued'),
    'status.processing': l10n.t('Generating'),
    'status.completed': l10n.t('Completed'),
    'status.failed': l10n.t('Failed'),
    'status.expired': l10n.t('Expired'),
    waitingSlot: l10n.t('At most 4 videos generate at once; this one starts when a slot frees up.'),
    taskId: l10n.t('Task'),
    requestIdLabel: l10n.t('Request ID'),
    elapsed: l10n.t('Elapsed'),
    progress: l10n.t('Progress'),
    openFile: l10n.t('Open file'),
    revealFile: l10n.t('Reveal in Explorer'),
    openExternal: l10n.t('Open with system player'),
    generateAgain: l10n.t('Generate again'),
    newVideo: l10n.t('New video'),
    requestId: l10n.t('Request ID: {0}'),
    videoError: l10n.t('The video cannot play here. Open it with the system player.'),
    downloading: l10n.t('Saving the video…'),
    downloadFailed: l10n.t('The video could not be saved: {0}'),
    seedInvalid: l10n.t('The seed must be a whole number.'),
    extraKeyInvalid: l10n.t('Use letters, digits, _ . - (starting with a letter or _).'),
    extraKeyDuplicate: l10n.t('This name is already used.'),
    extraKeyReserved: l10n.t('This parameter has its own field above.'),
    imageRequired: l10n.t('Add at least one image.'),
    imageOne: l10n.t('Add exactly one image.'),
    promptRequired: l10n.t('Describe the video.'),
    audioNote: l10n.t('No sound? VS Code plays video without AAC audio: use "Open with system player".'),
    cost: l10n.t('Cost'),
    'status.fate-unknown': l10n.t('Sent — fate unknown'),
    'status.unrecognized': l10n.t('Unknown status “{0}”'),
    fateUnknown: l10n.t(
      'This request was sent, but whether the server received it is not known, and no matching task was found in its list. Look again to search the list, or send it again, which may be billed twice.',
    ),
    lookAgain: l10n.t('Look again'),
    sendAgain: l10n.t('Send again (may be billed twice)'),
    tryAgain: l10n.t('Try again'),
    waitingSince: l10n.t('Waiting since {0}.'),
    runningProblem: l10n.t('{0} Still following the task.'),
    imagesForgotten: l10n.t('Images added before VS Code reloaded must be added again.'),
  };
}

/** The kind switch, the image/audio forms and their results. */
function mediaStrings(l10n: L10n) {
  return {
    kinds: l10n.t('Kind of media'),
    'kind.video': l10n.t('Video'),
    'kind.image': l10n.t('Image'),
    'kind.speech': l10n.t('Speech'),
    'kind.music': l10n.t('Music'),
    'kind.sfx': l10n.t('Sound effect'),
    mediaModelsLoading: l10n.t('Loading models…'),
    'noModels.image': l10n.t('No image models are available for this key.'),
    'noModels.speech': l10n.t('No speech models are available for this key.'),
    'noModels.music': l10n.t('No music models are available for this key.'),
    'noModels.sfx': l10n.t('No sound-effect models are available for this key.'),
    mediaModelOption: l10n.t('{0} — {1}'),
    'price.perImage': l10n.t('{0}/image'),
    'price.perThousandChars': l10n.t('{0}/1K characters'),
    'price.perSecond': l10n.t('{0}/s'),
    'price.perMinute': l10n.t('{0}/min'),
    'price.perGeneration': l10n.t('{0}/generation'),
    'price.unknown': l10n.t('price unknown'),
    priceUnknown: l10n.t('Price unknown'),
    speechText: l10n.t('Text to speak'),
    'promptPlaceholder.image': l10n.t('Describe the image: subject, style, light'),
    'promptPlaceholder.speech': l10n.t('The words to say'),
    'promptPlaceholder.music': l10n.t('Describe the music: genre, mood, instruments'),
    'promptPlaceholder.sfx': l10n.t('Describe the sound'),
    'promptRequired.image': l10n.t('Describe the image.'),
    'promptRequired.speech': l10n.t('Write the text to speak.'),
    'promptRequired.music': l10n.t('Describe the music.'),
    'promptRequired.sfx': l10n.t('Describe the sound.'),
    imageCount: l10n.t('Number of images'),
    ratioDefault: l10n.t('Model default'),
    imagesHintEdit: l10n.t('Optional: images to edit or combine.'),
    voice: l10n.t('Voice'),
    voicesLoading: l10n.t('Loading voices…'),
    noVoices: l10n.t('No voices are available for this model.'),
    voiceOption: l10n.t('{0} — {1}'),
    previewVoice: l10n.t('Preview'),
    speed: l10n.t('Speed'),
    speedValue: l10n.t('{0}×'),
    outputFormat: l10n.t('Output format'),
    formatWav: l10n.t('{0} (WAV)'),
    musicLength: l10n.t('Length (seconds)'),
    sfxDuration: l10n.t('Duration (seconds)'),
    lengthAuto: l10n.t('Leave empty to let the model decide (the price is then unknown).'),
    promptInfluence: l10n.t('Prompt influence'),
    promptInfluenceHint: l10n.t('0 to 1: higher follows the prompt more closely. Empty: the model default.'),
    recent: l10n.t('Recent prompts'),
    recentPick: l10n.t('Recent prompts…'),
    clearRecent: l10n.t('Clear recent prompts'),
    raiseBudget: l10n.t('Raise budget'),
    animateImage: l10n.t('Animate this image'),
    copyPath: l10n.t('Copy path'),
    openImage: l10n.t('Open'),
    results: l10n.t('Results'),
    imageResult: l10n.t('Image {0}: {1}'),
    audioError: l10n.t('The audio cannot play here. Open it with the system player.'),
    savingFiles: l10n.t('Saving…'),
    saveFailed: l10n.t('The result could not be saved: {0}'),
    'newKind.image': l10n.t('New image'),
    'newKind.speech': l10n.t('New speech'),
    'newKind.music': l10n.t('New music'),
    'newKind.sfx': l10n.t('New sound effect'),
  };
}

/** The Generate shortcut's hint and the names of controls that show no text of their own. */
function keyboardStrings(l10n: L10n) {
  return {
    shortcutHint: l10n.t('Ctrl+Enter to generate'),
    'shortcutHint.mac': l10n.t('⌘+Enter to generate'),
    voicePreviewAudio: l10n.t('Voice preview'),
    audioResult: l10n.t('Audio: {0}'),
    videoResult: l10n.t('Video: {0}'),
    // The label of a saved video's subtitle track (its <name>.vtt), in the player's captions menu.
    subtitles: l10n.t('Subtitles'),
    // Under the prompt, as it is typed: the count against the limit; speech (billed per character) its price.
    promptCount: l10n.t('Characters: {0} / {1}'),
    promptCountSpeech: l10n.t('Characters: {0} · {1}'),
    promptChars: l10n.t('Characters: {0}'),
  };
}

/** The operations on a workspace file: their tabs, the file field, the spoken language, the new voice. */
function operationStrings(l10n: L10n) {
  return {
    'kind.transcribe': l10n.t('Transcribe'),
    'kind.voiceChange': l10n.t('Voice changer'),
    'kind.dub': l10n.t('Dub'),
    'noModels.transcribe': l10n.t('No transcription models are available for this key.'),
    'noModels.voiceChange': l10n.t('No voice-changer models are available for this key.'),
    'noModels.dub': l10n.t('No dubbing models are available for this key.'),
    'newKind.transcribe': l10n.t('New transcription'),
    'newKind.voiceChange': l10n.t('New voice change'),
    'newKind.dub': l10n.t('New dubbing'),
    sourceFile: l10n.t('Audio or video file'),
    chooseFile: l10n.t('Choose file…'),
    dropMedia: l10n.t('Drop an audio or video file from the Explorer here (hold Shift while dragging)'),
    sourceHint: l10n.t('A file inside the workspace: {0}. The price is per minute of it.'),
    fileSize: l10n.t('{0} MiB'),
    fileSizeKiB: l10n.t('{0} KiB'),
    durationUnknown: l10n.t('length unknown'),
    spokenLanguage: l10n.t('Spoken language'),
    detectLanguage: l10n.t('Detect automatically'),
    newVoice: l10n.t('New voice'),
    targetLanguage: l10n.t('Dub into'),
    chooseLanguage: l10n.t('Choose a language'),
    sourceLanguage: l10n.t('Spoken language of the source'),
    // A large file's upload under its task (the commands' notification says the same words).
    uploading: l10n.t('Uploading… {0}%'),
    cancelUpload: l10n.t('Cancel upload'),
    uploadCancelHint: l10n.t('Until the last byte is sent, cancelling bills nothing.'),
    transcript: l10n.t('Transcript: {0}'),
    mediaForgotten: l10n.t('A file chosen before VS Code reloaded must be chosen again.'),
  };
}
