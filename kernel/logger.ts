import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/** One root logger per process, made in the composition root; contexts take child loggers. */
export function createLogger(options: { level: LevelWithSilent; name?: string }): Logger {
  return pino({
    name: options.name ?? 'zari',
    level: options.level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', '*.password', 'secret', '*.secret', 'req.headers.cookie'], censor: '[redacted]' },
  });
}

/** A logger that drops everything: for tests and tools that do not want output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
