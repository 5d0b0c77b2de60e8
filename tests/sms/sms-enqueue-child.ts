/**
 * A "zari" process for the kill test: opens the database, starts the GSM provider on a modem path that is not
 * there yet (so nothing can be sent), accepts one SMS, prints its id, and waits to be killed (SIGKILL).
 *   tsx tests/sms/sms-enqueue-child.ts <DATABASE_URL> <modem path> <text>
 */
import os from 'node:os';
import { createPhoneNormalizer } from '../../crm-core/index.js';
import { openDatabase, resolveDatabaseTarget, silentLogger } from '../../kernel/index.js';
import { GsmModemProvider, SmsQueueService } from '../../sms/index.js';

const [url, modemPath, text] = process.argv.slice(2);
if (!url || !modemPath || !text) throw new Error('usage: <DATABASE_URL> <modem path> <text>');
const logger = silentLogger();
const db = await openDatabase(resolveDatabaseTarget(url, os.tmpdir()), logger);
const provider = new GsmModemProvider({ logger, paths: [modemPath], modem: { reconnectMinMs: 50, reconnectMaxMs: 100 } });
const phones = createPhoneNormalizer({ defaultRegion: 'GE', outsideLinePrefixes: [], extensionMaxDigits: 5 });
const queue = new SmsQueueService({ db: db.prisma, provider, phones, logger, pollMs: 20 });
await provider.start();
await queue.start();
const msg = await queue.enqueue({ to: '+995555123456', text });
process.stdout.write(`queued ${msg.id}\n`);
setInterval(() => undefined, 1000);
