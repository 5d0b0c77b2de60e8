export {
  createPhoneNormalizer,
  toCountryCode,
  type CountryCode,
  type DialPlan,
  type NormalizedPhone,
  type PhoneKind,
  type PhoneNormalizer,
  type PhoneNormalizerOptions,
} from './phone-normalizer.js';
export { CallerIdentificationService, minSuffixDigits, type CallerIdentificationDeps } from './caller-identification.service.js';
export type {
  CallerCard,
  CandidateSummary,
  CardClient,
  CardContact,
  CardDeal,
  CardInteraction,
  CardManager,
  CardTask,
  IdentifyMatch,
  IdentifyResult,
} from './caller-card.js';
export { nextDigitPrefix, suffixRange } from './suffix-range.js';
