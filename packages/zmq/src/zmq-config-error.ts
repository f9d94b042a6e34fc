/**
 * Thrown for a ZMQ setting that cannot be used: an address that is not `tcp://host:port`, a
 * high-water mark that is not a positive integer. The message is one line that names the option
 * (`-zmqpubrawtx`) when the setting came from one, so the CLI can print it as it is.
 */
export class ZmqConfigError extends Error {
  override readonly name = "ZmqConfigError";
  /** The option the bad value came from (`-zmqpubhashblock`), when it came from one. */
  readonly option: string | undefined;

  constructor(message: string, option?: string) {
    super(message);
    this.option = option;
  }
}
