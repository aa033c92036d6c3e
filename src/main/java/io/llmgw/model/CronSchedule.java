package io.llmgw.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The six-field cron schedule (seconds first) of a CloudNativePG ScheduledBackup, as its robfig/cron parser reads
 * it: each field a comma list of {@code *}, {@code ?} (days only), a value, a range {@code a-b}, each optionally with
 * a step {@code /n}; months and weekdays also by name (JAN, MON). The CRD's pattern only checks the shape, so a
 * minute of 61 would otherwise reach CloudNativePG and fail there, after the gateway was reported Ready.
 */
public final class CronSchedule {
    private record Field(String name, int min, int max, List<String> names) {
    }

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<Field> FIELDS = List.of(new Field("second", 0, 59, List.of()), new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()), new Field("day of month", 1, 31, List.of()), new Field("month", 1, 12, MONTHS),
            new Field("day of week", 0, 6, DAYS));

    private CronSchedule() {
    }

    /** Why {@code schedule} is not a valid six-field schedule, or empty when it is. */
    public static Optional<String> problem(String schedule) {
        String[] parts = schedule.trim().split(" +");
        if (parts.length != FIELDS.size()) {
            return Optional.of("has " + parts.length + " fields; six are needed (second minute hour day-of-month month day-of-week)");
        }
        for (int i = 0; i < parts.length; i++) {
            Field field = FIELDS.get(i);
            for (String item : parts[i].split(",", -1)) {
                if (!valid(item, field, i >= 3)) {
                    return Optional.of("field " + (i + 1) + " (" + field.name() + ") \"" + parts[i] + "\" is not valid: values "
                            + field.min() + "-" + field.max() + (field.names().isEmpty() ? "" : " or names " + field.names()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean valid(String item, Field field, boolean questionMarkAllowed) {
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            Integer step = number(item.substring(slash + 1));
            if (step == null || step < 1) {
                return false;
            }
        }
        if (range.equals("*") || (questionMarkAllowed && range.equals("?"))) {
            return true;
        }
        int dash = range.indexOf('-');
        Integer from = value(dash >= 0 ? range.substring(0, dash) : range, field);
        Integer to = dash >= 0 ? value(range.substring(dash + 1), field) : from;
        return from != null && to != null && from <= to;
    }

    private static Integer value(String text, Field field) {
        int named = field.names().indexOf(text.toUpperCase(Locale.ROOT));
        Integer n = number(text);
        if (named >= 0) {
            n = named + field.min();
        }
        return n != null && n >= field.min() && n <= field.max() ? n : null;
    }

    private static Integer number(String text) {
        return text.matches("[0-9]{1,2}") ? Integer.valueOf(text) : null;
    }
}
