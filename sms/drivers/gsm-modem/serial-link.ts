import { SerialPort } from 'serialport';

/** The byte link to a modem; the real one is a serial port (a socat pty in tests, a USB modem in production). */
export interface SerialLink {
  write(data: string): void;
  close(): Promise<void>;
}

export interface SerialLinkHandlers {
  onData(text: string): void;
  /** the device went away (unplugged, pty closed) or the port failed */
  onClose(reason: string): void;
}

export type OpenSerialLink = (path: string, baudRate: number, handlers: SerialLinkHandlers) => Promise<SerialLink>;

/** Opens `path` with the serialport driver (prebuilt bindings). Rejects when the device does not exist. */
export const openSerialPort: OpenSerialLink = (path, baudRate, handlers) => new Promise((resolve, reject) => {
  // lock: an exclusive open (TIOCEXCL), so a second process cannot talk to the same modem at the same time
  const port = new SerialPort({ path, baudRate, autoOpen: false, lock: true });
  let open = false;
  let closed = false;
  const gone = (reason: string): void => {
    if (closed || !open) return;
    closed = true;
    handlers.onClose(reason);
  };
  port.on('data', (chunk: Buffer) => handlers.onData(chunk.toString('latin1')));
  port.on('close', () => gone('port closed'));
  port.on('error', (err: Error) => {
    gone(err.message);
    if (port.isOpen) port.close(() => undefined);
  });
  port.open((err) => {
    if (err) {
      reject(err);
      return;
    }
    open = true;
    resolve({
      write(data) {
        port.write(Buffer.from(data, 'latin1'), (e) => { if (e) gone(e.message); });
      },
      close: () => new Promise<void>((done) => {
        closed = true;
        if (!port.isOpen) done();
        else port.close(() => done());
      }),
    });
  });
});
