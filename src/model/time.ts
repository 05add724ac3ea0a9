/**
 * Calendar constants shared by every module that converts between time units.
 * 730 h is the month used by AWS, GCP and Azure price pages (8760 h / 12), so a "monthly"
 * figure in capsim always means 730 hours of usage, never a calendar month.
 */
export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const HOURS_PER_DAY = 24;
export const SECONDS_PER_DAY = 86_400;
export const HOURS_PER_MONTH = 730;
export const HOURS_PER_YEAR = 8760;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * SECONDS_PER_HOUR;
export const SECONDS_PER_YEAR = HOURS_PER_YEAR * SECONDS_PER_HOUR;
