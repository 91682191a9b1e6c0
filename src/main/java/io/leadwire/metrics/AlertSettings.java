package io.leadwire.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.delivery.retry.Durations;
import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.SettingsCodec;
import io.leadwire.store.SettingsProblem;
import java.net.URI;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The alert rules' thresholds, windows and switches, the business hours of the vendor-silence
 * rule, and where unacknowledged alerts are escalated: one settings section ({@value #NAME}) for
 * every engine on the database. Immutable; build one with {@link #builder()}, which checks every
 * value and reports all problems at once ({@link InvalidSettingsException}).
 */
public final class AlertSettings {
    /** The section's name in the store. */
    public static final String NAME = "alerts";
    static final Duration MAX_WINDOW = Duration.ofHours(6);
    static final Duration MAX_ESCALATION_DELAY = Duration.ofHours(24);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>]+@[^@\\s,;<>]+\\.[^@\\s,;<>]+");

    /**
     * One rule's settings.
     *
     * @param threshold what crossing means, in the rule's unit ({@link AlertRule#thresholdUnit()})
     * @param window    the aggregation window: the rule looks at this much of the recent past, and an
     *                  alert resolves after its condition was clear for this long
     * @param minVolume the sample the rule needs before it may fire ({@link AlertRule#volumeMeaning()})
     */
    public record RuleSettings(boolean enabled, double threshold, Duration window, long minVolume) {
        public RuleSettings {
            Objects.requireNonNull(window, "window");
        }

        public RuleSettings withEnabled(boolean on) {
            return new RuleSettings(on, threshold, window, minVolume);
        }
    }

    /** When vendors are expected to send leads: days of the week and a daily span, in one time zone. */
    public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end) {
        public BusinessHours {
            Objects.requireNonNull(zone, "zone");
            days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
        }

        public static BusinessHours defaults() {
            return new BusinessHours(ZoneId.of("UTC"), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    LocalTime.of(9, 0), LocalTime.of(17, 0));
        }

        /**
         * Whether the whole span {@code [t - window, t]} lies inside one business day's hours, so a
         * vendor's quiet night never counts against its first half hour of the day.
         */
        public boolean covers(java.time.Instant t, Duration window) {
            ZonedDateTime to = t.atZone(zone);
            ZonedDateTime from = t.minus(window).atZone(zone);
            return days.contains(to.getDayOfWeek()) && from.toLocalDate().equals(to.toLocalDate())
                    && !from.toLocalTime().isBefore(start) && to.toLocalTime().isBefore(end);
        }
    }

    /**
     * Where alerts go that nobody acknowledged within {@code after}: a Slack-compatible incoming
     * webhook and/or SMTP email. Each configured channel gets the alert once.
     *
     * @param smtpPassword the SMTP password sealed by the data dir's secret box ({@code v1:...}), or empty
     */
    public record Escalation(boolean enabled, Duration after, String slackWebhookUrl, String smtpHost, int smtpPort,
                             boolean smtpStartTls, String smtpUsername, String smtpPassword, String emailFrom,
                             List<String> emailTo) {
        public Escalation {
            Objects.requireNonNull(after, "after");
            slackWebhookUrl = Objects.requireNonNullElse(slackWebhookUrl, "").strip();
            smtpHost = Objects.requireNonNullElse(smtpHost, "").strip();
            smtpUsername = Objects.requireNonNullElse(smtpUsername, "").strip();
            smtpPassword = Objects.requireNonNullElse(smtpPassword, "");
            emailFrom = Objects.requireNonNullElse(emailFrom, "").strip();
            emailTo = List.copyOf(emailTo);
        }

        public static Escalation defaults() {
            return new Escalation(false, Duration.ofMinutes(15), "", "", 587, true, "", "", "", List.of());
        }

        public boolean slackConfigured() {
            return !slackWebhookUrl.isEmpty();
        }

        public boolean emailConfigured() {
            return !smtpHost.isEmpty();
        }
    }

    private final Map<AlertRule, RuleSettings> rules;
    private final BusinessHours businessHours;
    private final Escalation escalation;

    private AlertSettings(Map<AlertRule, RuleSettings> rules, BusinessHours businessHours, Escalation escalation) {
        this.rules = java.util.Collections.unmodifiableMap(new EnumMap<>(rules));
        this.businessHours = businessHours;
        this.escalation = escalation;
    }

    public static AlertSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.rules.putAll(rules);
        b.businessHours = businessHours;
        b.escalation = escalation;
        return b;
    }

    public RuleSettings rule(AlertRule rule) {
        return rules.get(rule);
    }

    public Map<AlertRule, RuleSettings> rules() {
        return rules;
    }

    public BusinessHours businessHours() {
        return businessHours;
    }

    public Escalation escalation() {
        return escalation;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertSettings a && rules.equals(a.rules) && businessHours.equals(a.businessHours)
                && escalation.equals(a.escalation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rules, businessHours, escalation);
    }

    @Override
    public String toString() {
        return "AlertSettings" + rules + " " + businessHours + " escalation after " + escalation.after();
    }

    /** Collects settings and checks them all when built. */
    public static final class Builder {
        private final Map<AlertRule, RuleSettings> rules = new EnumMap<>(AlertRule.class);
        private BusinessHours businessHours = BusinessHours.defaults();
        private Escalation escalation = Escalation.defaults();

        private Builder() {
            for (AlertRule r : AlertRule.values()) {
                rules.put(r, r.defaults());
            }
        }

        public Builder rule(AlertRule rule, RuleSettings settings) {
            rules.put(rule, Objects.requireNonNull(settings, "settings"));
            return this;
        }

        public Builder businessHours(BusinessHours hours) {
            this.businessHours = Objects.requireNonNull(hours, "hours");
            return this;
        }

        public Builder escalation(Escalation escalation) {
            this.escalation = Objects.requireNonNull(escalation, "escalation");
            return this;
        }

        /** Every problem of the settings, each naming its document field; empty when they are valid. */
        public List<SettingsProblem> problems() {
            List<SettingsProblem> problems = new ArrayList<>();
            rules.forEach((rule, s) -> checkRule(rule, s, problems));
            BusinessHours h = businessHours;
            if (h.days().isEmpty()) {
                problems.add(new SettingsProblem("business_hours.days", "name at least one day, e.g. [\"MON\", \"FRI\"]"));
            }
            if (!h.start().isBefore(h.end())) {
                problems.add(new SettingsProblem("business_hours.end", "business hours end (" + h.end()
                        + ") after they start (" + h.start() + ")"));
            }
            Escalation e = escalation;
            if (e.after().compareTo(Duration.ofMinutes(1)) < 0 || e.after().compareTo(MAX_ESCALATION_DELAY) > 0) {
                problems.add(new SettingsProblem("escalation.after", "escalate after 1m to 24h, not "
                        + Durations.format(e.after())));
            }
            if (e.slackConfigured() && !isHttpUrl(e.slackWebhookUrl())) {
                problems.add(new SettingsProblem("escalation.slack_webhook_url", "an http(s) URL such as "
                        + "https://hooks.slack.com/services/..., or empty for no Slack"));
            }
            if (e.emailConfigured()) {
                if (e.smtpPort() < 1 || e.smtpPort() > 65535) {
                    problems.add(new SettingsProblem("escalation.smtp.port", "a port from 1 to 65535 (587 for "
                            + "STARTTLS, 25 plain), not " + e.smtpPort()));
                }
                if (!EMAIL.matcher(e.emailFrom()).matches()) {
                    problems.add(new SettingsProblem("escalation.email.from", "the sender's address, e.g. "
                            + "leadwire@example.com"));
                }
                if (e.emailTo().isEmpty()) {
                    problems.add(new SettingsProblem("escalation.email.to", "at least one recipient when an SMTP "
                            + "host is set"));
                }
                for (String to : e.emailTo()) {
                    if (!EMAIL.matcher(to).matches()) {
                        problems.add(new SettingsProblem("escalation.email.to", "'" + to
                                + "' is not an email address"));
                    }
                }
                if (!e.smtpPassword().isEmpty() && !e.smtpPassword().startsWith("v1:")) {
                    problems.add(new SettingsProblem("escalation.smtp.password", "a sealed secret: type it on the "
                            + "console's Alerts screen, which encrypts it; never a password in clear"));
                }
                if (!e.smtpPassword().isEmpty() && e.smtpUsername().isEmpty()) {
                    problems.add(new SettingsProblem("escalation.smtp.username", "a user name goes with the password"));
                }
            }
            if (e.enabled() && !e.slackConfigured() && !e.emailConfigured()) {
                problems.add(new SettingsProblem("escalation.enabled", "set a Slack webhook URL or an SMTP host "
                        + "to escalate to, or switch escalation off"));
            }
            return problems;
        }

        private static void checkRule(AlertRule rule, RuleSettings s, List<SettingsProblem> problems) {
            String at = "rules." + rule.id() + ".";
            Duration w = s.window();
            if (w.compareTo(Duration.ofMinutes(1)) < 0 || w.compareTo(MAX_WINDOW) > 0
                    || w.toSecondsPart() != 0 || w.toNanosPart() != 0) {
                problems.add(new SettingsProblem(at + "window", "whole minutes from 1m to 6h, not "
                        + Durations.format(w)));
            }
            if (s.minVolume() < 0 || s.minVolume() > 1_000_000) {
                problems.add(new SettingsProblem(at + "min_volume", "0 to 1,000,000, not " + s.minVolume()));
            }
            double t = s.threshold();
            String bad = switch (rule) {
                case DELIVERY_RATE -> t > 0 && t < 100 ? null : "a percentage above 0 and below 100";
                case ERROR_RATE -> t > 1 && t <= 100 ? null : "a factor above 1 (2 = doubled) and at most 100";
                case LATENCY_P95 -> t > 0 && t <= 100 ? null : "a percentage of the call timeout from 1 to 100";
                case INTAKE_REFUSALS -> t >= 0 && t < 100 ? null : "a percentage from 0 to below 100";
                default -> null;
            };
            if (bad != null || Double.isNaN(t)) {
                problems.add(new SettingsProblem(at + "threshold", bad == null ? "a number" : bad + ", not "
                        + Codec.number(t)));
            }
        }

        /** @throws InvalidSettingsException naming every problem */
        public AlertSettings build() {
            List<SettingsProblem> problems = problems();
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(NAME, problems);
            }
            return new AlertSettings(rules, businessHours, escalation);
        }
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = URI.create(s);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The JSON document of the section; keys it lacks take their defaults. */
    public static final class Codec implements SettingsCodec<AlertSettings> {
        private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public AlertSettings defaults() {
            return AlertSettings.defaults();
        }

        @Override
        public String write(AlertSettings value) {
            ObjectNode root = json.createObjectNode().put("schema", 1);
            ObjectNode rules = root.putObject("rules");
            value.rules().forEach((rule, s) -> {
                ObjectNode r = rules.putObject(rule.id()).put("enabled", s.enabled());
                if (rule.hasThreshold()) {
                    r.put("threshold", s.threshold());
                }
                r.put("window", Durations.format(s.window()));
                if (rule.hasMinVolume()) {
                    r.put("min_volume", s.minVolume());
                }
            });
            BusinessHours h = value.businessHours();
            ObjectNode bh = root.putObject("business_hours").put("zone", h.zone().getId())
                    .put("start", h.start().toString()).put("end", h.end().toString());
            ArrayNode days = bh.putArray("days");
            EnumSet.copyOf(h.days().isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : h.days())
                    .forEach(d -> days.add(d.name().substring(0, 3)));
            Escalation e = value.escalation();
            ObjectNode esc = root.putObject("escalation").put("enabled", e.enabled())
                    .put("after", Durations.format(e.after())).put("slack_webhook_url", e.slackWebhookUrl());
            esc.putObject("smtp").put("host", e.smtpHost()).put("port", e.smtpPort())
                    .put("starttls", e.smtpStartTls()).put("username", e.smtpUsername())
                    .put("password", e.smtpPassword());
            ObjectNode mail = esc.putObject("email").put("from", e.emailFrom());
            ArrayNode to = mail.putArray("to");
            e.emailTo().forEach(to::add);
            return SettingsCodec.writeTree(json, root);
        }

        @Override
        public AlertSettings read(String text) {
            JsonNode root = SettingsCodec.readObject(json, NAME, text,
                    "a JSON object with rules, business_hours and escalation");
            List<SettingsProblem> problems = new ArrayList<>();
            unknownKeys(root, "", Set.of("schema", "rules", "business_hours", "escalation"), problems);
            Builder b = builder();
            JsonNode rules = root.path("rules");
            Iterator<String> names = rules.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (AlertRule.byId(name).isEmpty()) {
                    problems.add(new SettingsProblem("rules." + name, "unknown rule (known: " + ruleIds() + ")"));
                }
            }
            for (AlertRule rule : AlertRule.values()) {
                JsonNode r = rules.get(rule.id());
                if (r == null) {
                    continue;
                }
                String at = "rules." + rule.id();
                unknownKeys(r, at + ".", Set.of("enabled", "threshold", "window", "min_volume"), problems);
                RuleSettings d = rule.defaults();
                b.rule(rule, new RuleSettings(bool(r.get("enabled"), d.enabled(), at + ".enabled", problems),
                        number(r.get("threshold"), d.threshold(), at + ".threshold", problems),
                        duration(r.get("window"), d.window(), at + ".window", problems),
                        (long) number(r.get("min_volume"), d.minVolume(), at + ".min_volume", problems)));
            }
            JsonNode bh = root.get("business_hours");
            if (bh != null) {
                unknownKeys(bh, "business_hours.", Set.of("zone", "start", "end", "days"), problems);
                BusinessHours d = BusinessHours.defaults();
                ZoneId zone = d.zone();
                if (bh.hasNonNull("zone")) {
                    try {
                        zone = ZoneId.of(bh.get("zone").asText());
                    } catch (DateTimeException e) {
                        problems.add(new SettingsProblem("business_hours.zone", "a time zone such as Europe/London "
                                + "or America/New_York, not " + bh.get("zone")));
                    }
                }
                Set<DayOfWeek> days = d.days();
                if (bh.has("days")) {
                    days = EnumSet.noneOf(DayOfWeek.class);
                    for (JsonNode day : bh.get("days")) {
                        DayOfWeek dow = dayOf(day.asText());
                        if (dow == null) {
                            problems.add(new SettingsProblem("business_hours.days", "days are MON, TUE, WED, THU, "
                                    + "FRI, SAT, SUN, not " + day));
                        } else {
                            days.add(dow);
                        }
                    }
                }
                b.businessHours(new BusinessHours(zone, days, time(bh.get("start"), d.start(), "business_hours.start",
                        problems), time(bh.get("end"), d.end(), "business_hours.end", problems)));
            }
            JsonNode esc = root.get("escalation");
            if (esc != null) {
                unknownKeys(esc, "escalation.", Set.of("enabled", "after", "slack_webhook_url", "smtp", "email"),
                        problems);
                Escalation d = Escalation.defaults();
                JsonNode smtp = esc.path("smtp");
                JsonNode mail = esc.path("email");
                if (smtp.isObject()) {
                    unknownKeys(smtp, "escalation.smtp.", Set.of("host", "port", "starttls", "username", "password"),
                            problems);
                }
                if (mail.isObject()) {
                    unknownKeys(mail, "escalation.email.", Set.of("from", "to"), problems);
                }
                List<String> to = new ArrayList<>();
                mail.path("to").forEach(n -> to.add(n.asText().strip()));
                b.escalation(new Escalation(bool(esc.get("enabled"), d.enabled(), "escalation.enabled", problems),
                        duration(esc.get("after"), d.after(), "escalation.after", problems),
                        esc.path("slack_webhook_url").asText(""), smtp.path("host").asText(""),
                        (int) number(smtp.get("port"), d.smtpPort(), "escalation.smtp.port", problems),
                        bool(smtp.get("starttls"), d.smtpStartTls(), "escalation.smtp.starttls", problems),
                        smtp.path("username").asText(""), smtp.path("password").asText(""),
                        mail.path("from").asText(""), to));
            }
            problems.addAll(b.problems());
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(NAME, problems);
            }
            return b.build();
        }

        static String number(double d) {
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
        }

        private static String ruleIds() {
            StringBuilder s = new StringBuilder();
            for (AlertRule r : AlertRule.values()) {
                s.append(s.length() == 0 ? "" : ", ").append(r.id());
            }
            return s.toString();
        }

        private static void unknownKeys(JsonNode node, String at, Set<String> known, List<SettingsProblem> problems) {
            Iterator<String> keys = node.fieldNames();
            while (keys.hasNext()) {
                String k = keys.next();
                if (!known.contains(k)) {
                    problems.add(new SettingsProblem(at + k, "unknown key (expected one of " + new java.util.TreeSet<>(known)
                            + ")"));
                }
            }
        }

        private static boolean bool(JsonNode n, boolean fallback, String at, List<SettingsProblem> problems) {
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isBoolean()) {
                problems.add(new SettingsProblem(at, "true or false, not " + n));
                return fallback;
            }
            return n.asBoolean();
        }

        private static double number(JsonNode n, double fallback, String at, List<SettingsProblem> problems) {
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isNumber()) {
                problems.add(new SettingsProblem(at, "a number, not " + n));
                return fallback;
            }
            return n.asDouble();
        }

        private static Duration duration(JsonNode n, Duration fallback, String at, List<SettingsProblem> problems) {
            if (n == null || n.isNull()) {
                return fallback;
            }
            try {
                return Durations.parse(n.asText());
            } catch (IllegalArgumentException e) {
                problems.add(new SettingsProblem(at, "a duration such as 15m or 1h, not " + n));
                return fallback;
            }
        }

        private static LocalTime time(JsonNode n, LocalTime fallback, String at, List<SettingsProblem> problems) {
            if (n == null || n.isNull()) {
                return fallback;
            }
            try {
                return LocalTime.parse(n.asText());
            } catch (DateTimeParseException e) {
                problems.add(new SettingsProblem(at, "a time of day such as 09:00, not " + n));
                return fallback;
            }
        }

        static DayOfWeek dayOf(String text) {
            String t = text.strip().toUpperCase(Locale.ROOT);
            for (DayOfWeek d : DayOfWeek.values()) {
                if (t.length() >= 3 && d.name().startsWith(t)) {
                    return d;
                }
            }
            return null;
        }
    }
}
