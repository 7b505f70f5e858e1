import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { FieldCipher } from './field-cipher';

@Global()
@Module({
  providers: [
    {
      provide: FieldCipher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => FieldCipher.fromSettings(config.crypto),
    },
  ],
  exports: [FieldCipher],
})
export class PrivacyModule {}
