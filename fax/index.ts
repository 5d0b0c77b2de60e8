export type { FaxTransport, FaxJobState, FaxResult, InboundFax, OutboundFax } from './ports/fax-transport.port.js';
