import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  LoggerService,
  MiddlewareConsumer,
  Module,
  NestModule,
  RequestMethod,
} from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { symbols, type DestinationStream, type Logger as Pino } from 'pino';
import { HttpLogger, Options, pinoHttp } from 'pino-http';

/**
 * Nest's logger on pino, with each request's log lines carrying its request id (pino-http). We keep this small
 * adapter instead of `nestjs-pino` because every release of that package that supports NestJS 12 requires
 * Node 22, and Amparo runs on Node 20. Same contract: `LoggerModule.forRoot({ pinoHttp })`, `app.useLogger(app.get(Logger))`.
 */
export interface LoggerParams {
  /** pino-http's options, or options plus the stream to write to (tests capture logs that way). */
  pinoHttp: Options | [Options, DestinationStream];
}

const PARAMS = Symbol('LoggerParams');
const HTTP_LOGGER = Symbol('HttpLogger');

/** The logger of the request being handled (a child carrying its id), else the application's root logger. */
const requestLogger = new AsyncLocalStorage<Pino>();

@Injectable()
export class Logger implements LoggerService {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  get pino(): Pino {
    return requestLogger.getStore() ?? this.http.logger;
  }

  /**
   * A line of the process itself (the start-up banner with the development login), written after every line
   * logged before it and in the same format, but not through pino's hooks, which would scrub the login's
   * address: never give it anything else.
   */
  announce(message: string): void {
    const stream = (this.http.logger as unknown as Record<symbol, DestinationStream>)[symbols.streamSym];
    stream.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: message })}\n`);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.call('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.call('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.call(isStartupChatter(params) ? 'debug' : 'info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.call('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.call('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.call('fatal', message, params);
  }

  /**
   * Nest passes the context (the class name) last; an object message is pino's merge object, and an Error is
   * logged under `err` so the serializers see it.
   */
  private call(
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
    message: unknown,
    params: unknown[],
  ) {
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (params.length > 0) {
      fields.context = params[params.length - 1];
      rest = params.slice(0, -1);
    }
    const log = this.pino;
    if (message instanceof Error) {
      fields.err = message;
      log[level](fields, ...(rest as [string?]));
    } else if (typeof message === 'object' && message !== null) {
      log[level]({ ...fields, ...message }, ...(rest as [string?]));
    } else if (level === 'error' && typeof message === 'string' && rest.length === 1 && isStack(rest[0])) {
      // Nest's own exception handlers call error(message, stack, context).
      const err = new Error(message);
      err.stack = rest[0];
      log.error({ ...fields, err });
    } else {
      log[level](fields, String(message), ...(rest as [string?]));
    }
  }
}

/**
 * Nest's own start-up lines (a line per module, controller and route: ~150) are for debugging the framework;
 * at `info` they buried the banner that says where the service listens. Their warnings and errors still show.
 */
const STARTUP_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

const isStartupChatter = (params: unknown[]) =>
  params.length > 0 && STARTUP_CONTEXTS.has(params[params.length - 1] as string);

const isStack = (value: unknown): value is string => typeof value === 'string' && /\n\s*at /.test(value);

@Global()
@Module({})
export class LoggerModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  static forRoot(params: LoggerParams): DynamicModule {
    return {
      module: LoggerModule,
      providers: [
        { provide: PARAMS, useValue: params },
        {
          provide: HTTP_LOGGER,
          useFactory: ({ pinoHttp: p }: LoggerParams) => (Array.isArray(p) ? pinoHttp(...p) : pinoHttp(p)),
          inject: [PARAMS],
        },
        Logger,
      ],
      exports: [Logger, HTTP_LOGGER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const http = this.http;
    consumer
      .apply((req: IncomingMessage & { log?: Pino }, res: ServerResponse, next: () => void) => {
        http(req, res);
        requestLogger.run(req.log ?? http.logger, next);
      })
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
