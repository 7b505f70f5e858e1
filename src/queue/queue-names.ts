/** Every BullMQ queue the application uses. A processor must exist for each (checked at worker start). */
export const QUEUE = {
  /** Readiness pings and round-trip checks. */
  system: 'system',
  /** One job per reminder row (data: the row id only), job id = the row's dedupe key. */
  reminders: 'reminders',
  /** CSV imports sent with ?async=true (src/imports). */
  imports: 'imports',
  /** Offer expiry (delayed, job id from the offer id) and offer e-mails (src/matching/offers). */
  offers: 'offers',
} as const;

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
