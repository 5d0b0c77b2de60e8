/**
 * "Is this party one of our phones or the outside world?" — injected into the call tracker so a site
 * can teach it its numbering plan. `endpoint` is the channel's endpoint (`201`, `trunk`) or null for a
 * Local channel, `number` the leg's caller number.
 */
export type EndpointKind = 'extension' | 'trunk';
export type ClassifyEndpoint = (endpoint: string | null, number: string | null) => EndpointKind;

const shortDigits = /^\d{1,5}$/;

/** Default: an endpoint (or, without one, a number) of 1–5 digits is an extension; anything else a trunk. */
export const defaultClassifyEndpoint: ClassifyEndpoint = (endpoint, number) => {
  const s = endpoint ?? number;
  return s !== null && shortDigits.test(s) ? 'extension' : 'trunk';
};
