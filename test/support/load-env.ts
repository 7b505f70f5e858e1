// Integration tests log only warnings; set LOG_LEVEL=debug to see everything.
process.env.LOG_LEVEL ??= 'warn';
