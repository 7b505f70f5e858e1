/**
 * Thrown for a malformed calendar date, time of day, instant or time zone given to src/time. A RangeError, as
 * Intl throws for an unknown zone; the deadline engine reports it as its own DeadlineInputError (the same class).
 */
export class TimeInputError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'TimeInputError';
  }
}
