import { createLogger, loadConfig } from './kernel/index.js';
import { createZari } from './zari.js';

/** `npm start`: configuration from the environment (and ZARI_CONFIG), then serve until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const zari = await createZari(config, { logger });
  const { url } = await zari.listen();
  logger.info({ url, dataDir: config.dataDir }, 'zari listening');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    zari.close().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`zari failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
