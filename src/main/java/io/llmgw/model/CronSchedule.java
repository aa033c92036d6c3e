package io.llmgw.model;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
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

    /**
     * The longest time between two consecutive runs of a valid schedule (UTC, as CloudNativePG runs it): e.g. 24 hours
     * for {@code 0 0 2 * * *}, 6 days for {@code 0 0 2 * * MON,SUN}. Backups older than that (plus a margin) mean a
     * run was missed. Computed over 28 years (the calendar's full cycle of weekdays and leap years), so a schedule
     * running only on the 29th of February gets its real gap of four (or eight) years; one that never runs, none.
     */
    public static Optional<Duration> longestGap(String schedule) {
        if (problem(schedule).isPresent()) {
            throw new IllegalArgumentException("invalid schedule " + schedule);
        }
        String[] parts = schedule.trim().split(" +");
        List<BitSet> sets = new ArrayList<>();
        boolean[] star = new boolean[FIELDS.size()];
        for (int i = 0; i < parts.length; i++) {
            BitSet bits = new BitSet();
            for (String item : parts[i].split(",")) {
                star[i] |= expand(item, FIELDS.get(i), bits);
            }
            sets.add(bits);
        }
        // Seconds of the day at which the schedule runs, on every day it runs.
        List<Integer> times = new ArrayList<>();
        for (int h = sets.get(2).nextSetBit(0); h >= 0; h = sets.get(2).nextSetBit(h + 1)) {
            for (int m = sets.get(1).nextSetBit(0); m >= 0; m = sets.get(1).nextSetBit(m + 1)) {
                for (int sec = sets.get(0).nextSetBit(0); sec >= 0; sec = sets.get(0).nextSetBit(sec + 1)) {
                    times.add(h * 3600 + m * 60 + sec);
                }
            }
        }
        long longest = 0;
        for (int i = 1; i < times.size(); i++) {
            longest = Math.max(longest, times.get(i) - times.get(i - 1));
        }
        long firstTime = times.get(0);
        long lastTime = times.get(times.size() - 1);
        LocalDate day = LocalDate.of(2001, 1, 1);
        LocalDate end = day.plusYears(28);
        LocalDate previous = null;
        for (; day.isBefore(end); day = day.plusDays(1)) {
            if (runsOn(day, sets, star)) {
                if (previous != null) {
                    long gap = (day.toEpochDay() - previous.toEpochDay()) * 86_400 - lastTime + firstTime;
                    longest = Math.max(longest, gap);
                }
                previous = day;
            }
        }
        if (previous == null) {
            return Optional.empty();
        }
        // A schedule running on one day only per 28 years: the cycle itself.
        return Optional.of(Duration.ofSeconds(longest > 0 ? longest : 28L * 365 * 86_400));
    }

    /** robfig/cron's day rule: day of month and day of week must both match if either is a star, else either one. */
    private static boolean runsOn(LocalDate day, List<BitSet> sets, boolean[] star) {
        if (!sets.get(4).get(day.getMonthValue())) {
            return false;
        }
        boolean dom = sets.get(3).get(day.getDayOfMonth());
        boolean dow = sets.get(5).get(day.getDayOfWeek().getValue() % 7);
        return star[3] || star[5] ? dom && dow : dom || dow;
    }

    /** Sets the values of one comma item; true when it is a star as robfig/cron counts it ({@code *} or {@code ?} without a step). */
    private static boolean expand(String item, Field field, BitSet bits) {
        String range = item;
        int step = 1;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            range = item.substring(0, slash);
            step = number(item.substring(slash + 1));
        }
        int from;
        int to;
        boolean star = false;
        if (range.equals("*") || range.equals("?")) {
            from = field.min();
            to = field.max();
            star = step == 1;
        } else {
            int dash = range.indexOf('-');
            from = value(dash >= 0 ? range.substring(0, dash) : range, field);
            // "a/n" runs from a to the end of the field, as in robfig/cron.
            to = dash >= 0 ? value(range.substring(dash + 1), field) : slash >= 0 ? field.max() : from;
        }
        for (int v = from; v <= to; v += step) {
            bits.set(v);
        }
        return star;
    }

    private static Integer number(String text) {
        return text.matches("[0-9]{1,2}") ? Integer.valueOf(text) : null;
    }
}
