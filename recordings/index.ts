/**
 * recordings context — public door. Other contexts import only from here.
 * Ingest of PBX recordings (hash, transcode to Ogg/Opus, peaks, link), content-addressed storage
 * behind `RecordingStore`, retention with legal hold, reading by unguessable public id.
 */
export {
  recordingStates, transitions, canTransition, isTerminal, newPublicId, publicIdSchema, recordingLinkSchema,
  type RecordingState, type SourceState, type FailCode, type RecordingLink, type RecordingView,
} from './domain/recording.js';
export type { RecordingStore, ByteRange, StoredObject, OpenedObject, StoreUsage } from './ports/recording-store.port.js';
export { LocalDiskStore, createLocalDiskStore } from './drivers/local-disk.store.js';
export { findFfmpeg, opusArgs, mp3Args, speechOpus, type OpusSettings } from './media/ffmpeg.js';
export { parseWavHeader, readWavInfo, wavHeader, type WavInfo, type WavParse, type WavProblem } from './media/wav.js';
export { hashAndMeasure, PeakMeter, type SourceScan } from './media/peaks.js';
export type { RecordingDeps, IngestStage } from './services/recording-deps.js';
export {
  RecordingIngestService, type IngestResult, type IngestOutcome, type BacklogProgress, type BacklogOptions,
} from './services/recording-ingest.service.js';
export { RetentionService, type RetentionRun, type UsageReport } from './services/retention.service.js';
export { RecordingQueryService } from './services/recording-query.service.js';
export { parseByteRange } from './services/byte-range.js';
export {
  recordModes, parseOverrides, recordingPolicyOf, decideRecording, type RecordMode, type RecordingPolicy, type PolicySubject,
} from './services/recording-policy.js';
export {
  recordingOps, mayRecording, isRecordingAdmin, RecordingAccessService, type RecordingOp, type RecordingSubject,
} from './services/recording-access.service.js';
export {
  QaScoringService, parseQaCriteria, weightedScore, scoreInputSchema, type QaCriterion, type ScoreView, type ScoreInput, type ReviewQueueQuery,
} from './services/qa-scoring.service.js';
export {
  RecordingSearchService, recordingSearchSchema, type RecordingSearch, type RecordingListItem, type RecordingCallSummary,
} from './services/recording-search.service.js';
export { RecordingLinkService } from './services/recording-link.service.js';
