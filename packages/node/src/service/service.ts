import type { ChainLogger } from "../chain/chain-manager.js";

/**
 * A long-running part of a hashforge process (ARCHITECTURE.md, seams): the node, an RPC or HTTP
 * server, a ZMQ publisher, the miner, the pool. `start` brings it up or rejects with a clear
 * error, leaving nothing running; `stop` drains and flushes, and is safe to call more than once.
 */
export interface Service {
  /** A short name for logs ("node", "rpc", "http-api", "zmq", "miner"). */
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root's list of services: starts them in order and stops them in reverse
 * order. When one fails to start, those already started are stopped (in reverse) and the error
 * is rethrown; a stop that fails is logged and the others still stop.
 */
export class ServiceGroup {
  private readonly services: Service[] = [];
  private readonly started: Service[] = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly logger: ChainLogger) {}

  /** Adds a service; it starts after the ones added before it. */
  add(service: Service): this {
    this.services.push(service);
    return this;
  }

  /**
   * Starts every service in order. A stop requested meanwhile (SIGINT during a long start-up)
   * stops the service that was starting as soon as it is up, and starts no more.
   */
  async start(): Promise<void> {
    for (const service of this.services) {
      if (this.stopping) return;
      try {
        await service.start();
      } catch (error: unknown) {
        await this.stop();
        throw error;
      }
      if (this.stopping) {
        await this.stopOne(service);
        return;
      }
      this.started.push(service);
    }
  }

  /** Stops the started services in reverse start order; resolves when all have stopped. */
  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async stopAll(): Promise<void> {
    for (const service of this.started.splice(0).reverse()) await this.stopOne(service);
  }

  private async stopOne(service: Service): Promise<void> {
    try {
      await service.stop();
    } catch (error: unknown) {
      this.logger.error(
        { service: service.name, err: error instanceof Error ? error.message : String(error) },
        "Stopping failed",
      );
    }
  }
}
