/**
 * SMS PDU encode+decode throughput: zari's codec next to `node-pdu` on the same messages in the same run.
 * One "message" = encode an SMS-SUBMIT (all its parts) and decode every part PDU back.
 * Run: `npx tsx bench/sms-pdu.bench.ts` (or import `run()`).
 */
import { performance } from 'node:perf_hooks';
import { parse as nodePduParse, Submit as NodePduSubmit } from 'node-pdu';
import { decodePdu, encodeSubmit } from '../sms/index.js';
import { isMainModule } from './cli.js';

export interface SmsPduBenchResult {
  messages: number;
  zariMessagesPerSecond: number;
  nodePduMessagesPerSecond: number;
  /** zari ÷ node-pdu (above 1 = zari faster). */
  ratio: number;
}

const TO = '+995555123456';

/** The workload: short and long, GSM-7 (with extension characters), Cyrillic, Georgian, emoji. */
export const benchMessages: readonly string[] = [
  'Hello, world!',
  'Your code is 481516. Do not share it.',
  'Price: 15€ [incl. VAT] {promo} ~ see |terms| ^_^',
  'Привет! Ваш заказ №1234 готов к выдаче.',
  'გამარჯობა! თქვენი შეკვეთა მზადაა.',
  'Meeting moved to 15:30 👍',
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(6),
  'Съешь же ещё этих мягких французских булок, да выпей чаю. '.repeat(4),
];

function zariOnce(text: string): number {
  let chars = 0;
  for (const part of encodeSubmit({ to: TO, text, concatRef: 7 }).parts) {
    const p = decodePdu(part.pdu);
    if (p.type === 'SMS-SUBMIT') chars += p.userData.text?.length ?? 0;
  }
  return chars;
}

function nodePduOnce(text: string): number {
  let chars = 0;
  for (const pdu of new NodePduSubmit(TO, text).getPartStrings()) {
    const p = nodePduParse(pdu);
    if (p instanceof NodePduSubmit) chars += p.data.getText().length;
  }
  return chars;
}

function measure(fn: (text: string) => number, rounds: number): number {
  const start = performance.now();
  let sink = 0;
  for (let r = 0; r < rounds; r++) for (const m of benchMessages) sink += fn(m);
  const seconds = (performance.now() - start) / 1000;
  if (sink === 0) throw new Error('benchmark produced no text');
  return (rounds * benchMessages.length) / seconds;
}

/** Both libraries must round-trip the workload before their speed means anything. */
function checkCorrectness(): void {
  for (const text of benchMessages) {
    const joined = encodeSubmit({ to: TO, text, concatRef: 7 }).parts
      .map((part) => { const p = decodePdu(part.pdu); return p.type === 'SMS-SUBMIT' ? (p.userData.text ?? '') : ''; })
      .join('');
    if (joined !== text) throw new Error(`zari round trip failed for ${JSON.stringify(text.slice(0, 20))}`);
  }
}

export function run(options: { rounds?: number; log?: (line: string) => void } = {}): SmsPduBenchResult {
  const rounds = options.rounds ?? 400;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  checkCorrectness();
  measure(zariOnce, 20);
  measure(nodePduOnce, 20); // warm-up both
  const zari: number[] = [];
  const node: number[] = [];
  for (let i = 0; i < 3; i++) {
    zari.push(measure(zariOnce, rounds));
    node.push(measure(nodePduOnce, rounds));
  }
  const best = (xs: number[]): number => Math.max(...xs);
  const result: SmsPduBenchResult = {
    messages: rounds * benchMessages.length,
    zariMessagesPerSecond: Math.round(best(zari)),
    nodePduMessagesPerSecond: Math.round(best(node)),
    ratio: Number((best(zari) / best(node)).toFixed(2)),
  };
  log(`sms-pdu encode+decode, ${result.messages} messages per round (best of 3, interleaved):`);
  log(`  zari      ${result.zariMessagesPerSecond.toLocaleString('en')} messages/s`);
  log(`  node-pdu  ${result.nodePduMessagesPerSecond.toLocaleString('en')} messages/s`);
  log(`  ratio     ${result.ratio}× (zari / node-pdu)`);
  return result;
}

if (isMainModule(import.meta.url)) run();
