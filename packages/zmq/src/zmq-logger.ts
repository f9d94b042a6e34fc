/** The pino-compatible logger ZMQ code writes structured lines to. */
export interface ZmqLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops every line, the default when none is injected. */
export const SILENT_ZMQ_LOGGER: ZmqLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
