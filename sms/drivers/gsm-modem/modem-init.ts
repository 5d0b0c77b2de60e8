import { ZariError } from '../../../kernel/index.js';
import type { AtChannel } from './at-channel.js';

/** One init step: `required` failures abort the init (with the modem's readable error); others are logged. */
export interface InitStep {
  readonly command: string;
  readonly required: boolean;
}

/**
 * Init sequence (the order python-gsmmodem and ModemManager use): reset, echo off, numeric errors, SIM ready,
 * PDU mode, delivery reports requested, storage, new-message indications (+CMTI for SMS, +CDS for reports),
 * caller id (+CLIP) and extended ring (+CRING).
 */
export const defaultInitSteps: readonly InitStep[] = [
  { command: 'ATZ', required: false },
  { command: 'ATE0', required: true },
  { command: 'AT+CMEE=1', required: false },
  { command: 'AT+CPIN?', required: true },
  { command: 'AT+CMGF=0', required: true },
  { command: 'AT+CSMP=49,167,0,0', required: false },
  { command: 'AT+CPMS="SM","SM","SM"', required: false },
  { command: 'AT+CNMI=2,1,0,1,0', required: false },
  { command: 'AT+CLIP=1', required: false },
  { command: 'AT+CRC=1', required: false },
];

export interface InitResult {
  /** optional steps the modem refused, with its reason */
  readonly skipped: { command: string; reason: string }[];
}

/** Runs the steps; a SIM that is not READY fails with a readable error (PIN / PUK required). */
export async function runInit(at: AtChannel, steps: readonly InitStep[], timeoutMs: number): Promise<InitResult> {
  const skipped: { command: string; reason: string }[] = [];
  for (const step of steps) {
    try {
      const lines = await at.command(step.command, { timeoutMs });
      if (step.command === 'AT+CPIN?') assertSimReady(lines);
    } catch (err) {
      if (step.required || !(err instanceof ZariError) || err.code === 'modem_unavailable') throw err;
      skipped.push({ command: step.command, reason: err.message });
    }
  }
  return { skipped };
}

function assertSimReady(lines: string[]): void {
  const state = lines.map((l) => /^\+CPIN:\s*(.+)$/i.exec(l)?.[1]?.trim()).find((s) => s !== undefined);
  if (state !== undefined && state.toUpperCase() !== 'READY') {
    throw new ZariError('modem_rejected', `SIM not ready: ${state} required`, { command: 'AT+CPIN?', simState: state });
  }
}
