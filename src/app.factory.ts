import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from './logging/logger.module';
import { AppModule, AppOptions } from './app.module';
import { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation';
import { securityHeaders } from './common/security-headers';
import { QueueDashboard } from './queue/dashboard/queue-dashboard';

/** Builds the application exactly as production runs it; tests use this too. */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(config, options), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  // Security headers and no-store first, so every route below (API, /docs, /admin/queues) gets them.
  if (config.http.trustProxyHops > 0) app.set('trust proxy', config.http.trustProxyHops);
  app.use(securityHeaders({ publicBaseUrl: config.http.publicBaseUrl }));
  // Any JSON value parses (not only objects and arrays), so the validation pipe can refuse it naming the body.
  app.useBodyParser('json', { limit: '1mb', strict: false });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Amparo API')
      .setDescription(
        "Matches unaccompanied children's immigration cases to pro bono attorneys, tracks hearings and deadlines, " +
          'and reminds families and counsel. Log in with POST /auth/login, then "Authorize" with the token.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  if (config.role !== 'worker') app.get(QueueDashboard).mount(app);
  return app;
}
