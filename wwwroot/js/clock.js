// The browser's offset from UTC, in minutes east of Greenwich, so that "today" is the rater's day.
export function utcOffsetMinutes() {
  return -new Date().getTimezoneOffset();
}
