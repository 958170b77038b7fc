import { Injectable, Logger, LoggerService } from '@nestjs/common';

/**
 * Terminus's logger. A readiness check that fails because a dependency is down is the service working
 * as meant (it answers 503 and each request logs its own warning), not an error of the gateway's: Terminus
 * would log it at error level, on every probe.
 */
@Injectable()
export class HealthCheckLogger implements LoggerService {
  private readonly logger = new Logger('Health');

  log(message: unknown): void {
    this.logger.log(message);
  }

  error(message: unknown): void {
    this.logger.warn(message);
  }

  warn(message: unknown): void {
    this.logger.warn(message);
  }
}
