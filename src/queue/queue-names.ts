/** Every BullMQ queue the application uses. A processor must exist for each (checked at worker start). */
export const QUEUE = {
  /** Readiness pings and round-trip checks. */
  system: 'system',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
