import { TimeInputError } from '../../time';

/**
 * Thrown for malformed engine input: a calendar date, instant or zone (src/time throws these), or a rule or
 * closure list the engine cannot use. One class, so DeadlinesService turns every such input into a 422.
 */
export { TimeInputError as DeadlineInputError };
