// Telemarketing: scripts, compliance, dispositions, pacing, the dial-attempt state machine, the
// pacing simulation, and the campaign / call-list / dialing services.
export * from './domain/script.schema.js';
export { validateScript, describeScriptErrors, scriptErrorCodes, type ScriptError, type ScriptErrorCode, type ScriptValidation } from './domain/script-validator.js';
export { advance, initialRunnerState, parseAnswer, type AnswerValue, type RunnerState, type RunnerAction, type RunnerEnd, type RunnerOutput, type RunnerContext } from './domain/script-runner.js';
export { substitute, placeholdersOf, placeholderRoots, type SubstitutionVars } from './domain/substitute.js';
export * from './domain/disposition.js';
export * from './domain/campaign.schema.js';
export { timeZoneOfNumber, russianTimeZones, type NumberTimeZone, type TimeZoneSource } from './domain/phone-time-zone.js';
export { zonedParts, zonedToUtc, offsetMinutes, isInWindow, nextWindowOpening, startOfLocalDay, isValidTimeZone, type ZonedParts } from './domain/local-time.js';
export { nextRetry, type RetryDecision } from './domain/retry-policy.js';
export { checkCompliance, complianceReasons, type ComplianceFacts, type ComplianceVerdict, type ComplianceReason } from './domain/compliance.js';
export { attemptStates, attemptTriggers, attemptTable, attemptTransition, DialAttemptMachine, type AttemptState, type AttemptTrigger, type AttemptResult, type AttemptStep } from './domain/attempt-machine.js';
export { EmpiricalDistribution, capacityDistribution, expectedExcess, maxLinesUnderTarget, stillAnswers, type LinesDecision } from './domain/pacing-model.js';
export { Pacer, type PacingStats, type DialerLive, type PacingPlan, type PacingChange, type PacingDecision, type DecisionReason, type PacerOptions } from './domain/pacer.js';
export { simulateCampaign, defaultSimulationConfig, type SimulationConfig, type SimulationResult } from './sim/dialer-simulation.js';
export { SeededRandom } from './sim/seeded-random.js';
export type { TelemarketingDeps } from './services/deps.js';
export { CampaignService, mapCampaign, type CampaignDto, type ScriptVersionDto } from './services/campaign.service.js';
export { CallListService, segmentFilterSchema, listImportSchema, type SegmentFilter, type ListImportOptions, type ListRowError, type ListImportResult, type ListProgress } from './services/call-list.service.js';
export { ConsentService, consentInputSchema, type ConsentInput, type ConsentDto } from './services/consent.service.js';
export { DialingService, completeInputSchema, type CompleteInput, type DialTarget } from './services/dialing.service.js';
export { createTelemarketingServices, type TelemarketingServices } from './services/telemarketing-services.js';
export { ScriptEffectsService, scriptSettableFields, type ScriptEffectsDeps, type AppliedEffect } from './services/script-effects.service.js';
export type { OutboundDialer, OutboundDialerEvents, DialerCallEvent, DialerCallResult } from './ports/outbound-dialer.port.js';
export { DialerLoop, type DialerLoopDeps, type AgentState } from './services/dialer-loop.js';
