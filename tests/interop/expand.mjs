// Read an .ics file the way Thunderbird does (ical.js) and print every occurrence
// starting before a limit as JSON: {uid, summary, start, end, status, allDay}.
// Usage: node expand.mjs calendar.ics 2028-01-01
import fs from "node:fs";
import ICAL from "ical.js";

const [file, limit] = process.argv.slice(2);
const root = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
for (const zone of root.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}
const until = ICAL.Time.fromDateString(limit);
const vevents = root.getAllSubcomponents("vevent");
const overridesOf = (uid) =>
  vevents.filter((v) => v.hasProperty("recurrence-id") && v.getFirstPropertyValue("uid") === uid);
const instant = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const found = [];

for (const master of vevents.filter((v) => !v.hasProperty("recurrence-id"))) {
  const event = new ICAL.Event(master, { exceptions: overridesOf(master.getFirstPropertyValue("uid")) });
  const describe = (item, start, end) => ({
    uid: event.uid,
    summary: item.summary,
    start: instant(start),
    end: instant(end),
    status: item.component.getFirstPropertyValue("status"),
    allDay: start.isDate,
  });
  if (!event.isRecurring()) {
    found.push(describe(event, event.startDate, event.endDate));
    continue;
  }
  const iterator = event.iterator();
  for (let next = iterator.next(); next && next.compare(until) < 0; next = iterator.next()) {
    const details = event.getOccurrenceDetails(next);
    found.push(describe(details.item, details.startDate, details.endDate));
  }
}
process.stdout.write(JSON.stringify(found));
