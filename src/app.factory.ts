import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { createValidationPipe } from './common/validation';
import { securityHeaders } from './common/security-headers';
import { QueueDashboard } from './queue/dashboard/queue-dashboard';

/** Builds the application exactly as production runs it; tests use this too. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(config), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  // Security headers and no-store first, so every route below (API, /docs, /admin/queues) gets them.
  if (config.http.trustProxyHops > 0) app.set('trust proxy', config.http.trustProxyHops);
  app.use(securityHeaders({ publicBaseUrl: config.http.publicBaseUrl }));
  app.useBodyParser('json', { limit: '1mb' });

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
