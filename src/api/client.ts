// The one client for Api.Airforce: a thin facade over the transport (http.ts) and the endpoints
// (video.ts, models.ts), so the tracker, the container, the bench and the tests keep one object to
// hold. Pure: fetch, clock, sleep and logger are injected (see HttpOptions).
import { AudioApi } from './audio';
import { ChatApi } from './chat';
import { DubbingApi } from './dubbing';
import type { UploadOptions } from './http/upload';
import { isolateVoice, type IsolationRequest } from './isolation';
import { transcribe, type Transcript, type TranscriptionRequest } from './transcription';
import { changeVoice, type VoiceChangeRequest } from './voiceChanger';
import { VoiceCloneApi } from './voiceClone';
import type { AudioResult } from './audio';
import { ImageApi } from './image';
import { Http, type HttpOptions } from './http/http';
import { listModels } from './models';
import type { CreateVideoRequest, DeleteResponse, Model, VideoTask } from './schemas/schemas';
import { VideoApi, type CallOptions, type CreateVideoOptions } from './video';

export { DEFAULT_MAX_JSON_BYTES } from './http/body';
export { formatPath } from './http/failureText';
export { DEFAULT_MAX_RETRIES, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_USER_AGENT } from './http/http';
export type { CallOptions, CreateVideoOptions } from './video';

export type ClientOptions = HttpOptions;

export class AirforceClient {
  /** The shared transport, for endpoints beyond video (images, audio). */
  readonly http: Http;
  readonly images: ImageApi;
  readonly audio: AudioApi;
  /** Chat completions, for prompt help. */
  readonly chat: ChatApi;
  /** Dubbing: asynchronous, followed by polling (create, get, the dubbed track). */
  readonly dubbing: DubbingApi;
  /** Voice cloning: consent text, clone, rename, delete. */
  readonly voiceClone: VoiceCloneApi;
  private readonly video: VideoApi;

  constructor(opts: ClientOptions) {
    this.http = new Http(opts);
    this.video = new VideoApi(this.http);
    this.images = new ImageApi(this.http);
    this.audio = new AudioApi(this.http);
    this.chat = new ChatApi(this.http);
    this.dubbing = new DubbingApi(this.http);
    this.voiceClone = new VoiceCloneApi(this.http);
  }

  /** A local audio or video file's text (and timed segments when the server gives them); streamed upload. */
  transcribe(req: TranscriptionRequest, opts: UploadOptions = {}): Promise<Transcript> {
    return transcribe(this.http, req, opts);
  }

  /** A local file's voice without the background; the answer's audio body is left unread. */
  isolateVoice(req: IsolationRequest, opts: UploadOptions = {}): Promise<AudioResult> {
    return isolateVoice(this.http, req, opts);
  }

  /** A local file's speech in another voice; the answer's audio body is left unread. */
  changeVoice(req: VoiceChangeRequest, opts: UploadOptions = {}): Promise<AudioResult> {
    return changeVoice(this.http, req, opts);
  }

  /** Scrubs every key the transport has seen from a server text. */
  readonly redact = (text: string): string => this.http.redact(text);

  listModels(opts: CallOptions = {}): Promise<Model[]> {
    return listModels(this.http, opts);
  }

  getTask(taskId: string, opts: CallOptions = {}): Promise<VideoTask> {
    return this.video.get(taskId, opts);
  }

  /** One malformed entry (bad id, missing field) is left out with a warning; the rest still count. */
  listTasks(opts: CallOptions = {}): Promise<VideoTask[]> {
    return this.video.list(opts);
  }

  deleteTask(taskId: string, opts: CallOptions = {}): Promise<DeleteResponse> {
    return this.video.delete(taskId, opts);
  }

  /** Opens the SSE progress stream; resolves with the raw Response (status checked, body unread). */
  streamTask(taskId: string, opts: { signal: AbortSignal }): Promise<Response> {
    return this.video.stream(taskId, opts);
  }

  createVideo(req: CreateVideoRequest, opts: CreateVideoOptions = {}): Promise<VideoTask> {
    return this.video.create(req, opts);
  }
}
