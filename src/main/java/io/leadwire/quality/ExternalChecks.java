package io.leadwire.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.leadwire.lead.CanonicalField;
import io.leadwire.lead.Lead;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The external verification services (email verifier, phone lookup) as the quality stage uses
 * them, in two steps:
 * <ol>
 *   <li>{@link #prefetch(Collection)} looks up a batch of waiting leads in parallel, <em>before</em>
 *       the stage claims them. It takes at most about one call timeout, however many leads, and no
 *       time at all while a breaker is open.</li>
 *   <li>{@link #check(String, String)}, called by {@link LeadJudge} inside the claim's transaction,
 *       reads only what the prefetch left in the caches. A value that has no answer yields a
 *       {@link ReasonCode#VERIFICATION_UNAVAILABLE} info and the lead is judged without it.</li>
 * </ol>
 * Thread-safe.
 */
public final class ExternalChecks implements ExternalVerification, AutoCloseable {
    /** Added field: the email verifier's word for the address, e.g. {@code valid} or {@code catch-all}. */
    public static final String EMAIL_VERIFICATION = "email_verification";
    /** Added field: the phone's carrier as the phone lookup names it. */
    public static final String PHONE_CARRIER = "phone_carrier";
    private static final Logger LOG = LoggerFactory.getLogger(ExternalChecks.class);
    /** Beyond the calls' own timeouts, how long a batch may wait for the pool to pick them up. */
    private static final Duration BUDGET_MARGIN = Duration.ofMillis(500);

    private final Optional<VerificationService<EmailVerification>> email;
    private final Optional<VerificationService<PhoneLookup>> phone;
    private final QualityPolicy policy;
    private final OkHttpClient http;
    private final ExecutorService pool;
    private final Duration budget;
    /** Why a value has no answer, for the finding; short-lived, failures are retried on the next batch. */
    private final Cache<String, String> unavailable;
    private final EmailValidator emails = new EmailValidator();
    private final PhoneValidator phones = new PhoneValidator();

    private ExternalChecks(Optional<VerificationService<EmailVerification>> email,
                           Optional<VerificationService<PhoneLookup>> phone, QualityPolicy policy, OkHttpClient http,
                           int threads, Duration budget) {
        this.email = email;
        this.phone = phone;
        this.policy = policy;
        this.http = http;
        this.budget = budget;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "external-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.unavailable = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
    }

    /**
     * The configured services, or none.
     *
     * @param settings which services (the geo-IP part is not used here)
     * @param policy   where to find the phone and the default country, as the judge's policy says
     * @param json     reads the answers
     * @param clock    drives breakers and cache expiry
     */
    public static ExternalChecks create(CheckSettings settings, QualityPolicy policy, ObjectMapper json, Clock clock) {
        OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
        Optional<VerificationService<EmailVerification>> email = settings.emailVerification().map(s ->
                new VerificationService<>("email-verification", s, http, json, EmailVerification::parse, clock));
        Optional<VerificationService<PhoneLookup>> phone = settings.phoneLookup().map(s ->
                new VerificationService<>("phone-lookup", s, http, json, PhoneLookup::parse, clock));
        int threads = email.map(s -> s.settings().maxConcurrent()).orElse(0)
                + phone.map(s -> s.settings().maxConcurrent()).orElse(0);
        Duration longest = Duration.ZERO;
        for (Optional<VerificationSettings> s : List.of(settings.emailVerification(), settings.phoneLookup())) {
            if (s.isPresent() && s.get().timeout().compareTo(longest) > 0) {
                longest = s.get().timeout();
            }
        }
        ExternalChecks checks = new ExternalChecks(email, phone, policy, http, threads, longest.plus(BUDGET_MARGIN));
        email.ifPresent(s -> LOG.info("email verification on: {}", s.settings()));
        phone.ifPresent(s -> LOG.info("phone lookup on: {}", s.settings()));
        return checks;
    }

    /** Whether any service is configured; when not, nothing needs prefetching. */
    public boolean enabled() {
        return email.isPresent() || phone.isPresent();
    }

    /** The email-verification service, if configured. */
    public Optional<VerificationService<EmailVerification>> emailService() {
        return email;
    }

    /** The phone-lookup service, if configured. */
    public Optional<VerificationService<PhoneLookup>> phoneService() {
        return phone;
    }

    /**
     * Looks up every lead's email and phone that the caches do not know yet, in parallel, and
     * returns when all have answered, failed or timed out, or the batch's budget (the longest
     * call timeout plus a margin) is spent. Never throws for a service's failure.
     */
    public void prefetch(Collection<Lead> leads) {
        Set<String> mails = new LinkedHashSet<>();
        Set<String> numbers = new LinkedHashSet<>();
        for (Lead lead : leads) {
            Map<String, String> in = lead.fields();
            if (email.isPresent()) {
                EmailCheck ec = emails.check(CanonicalField.EMAIL, in.get(CanonicalField.EMAIL));
                if (ec.usable() && email.get().cached(ec.normalized()).isEmpty()) {
                    mails.add(ec.normalized());
                }
            }
            if (phone.isPresent()) {
                e164(in).filter(n -> phone.get().cached(n).isEmpty()).ifPresent(numbers::add);
            }
        }
        List<Callable<Void>> tasks = new ArrayList<>(mails.size() + numbers.size());
        for (String m : mails) {
            tasks.add(() -> remember("e:" + m, email.get().lookup(m)));
        }
        for (String n : numbers) {
            tasks.add(() -> remember("p:" + n, phone.get().lookup(n)));
        }
        if (tasks.isEmpty()) {
            return;
        }
        try {
            // invokeAll cancels what has not finished within the budget; those values get no answer.
            pool.invokeAll(tasks, budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Void remember(String key, VerificationService.Lookup<?> lookup) {
        if (lookup.answer().isEmpty()) {
            unavailable.put(key, lookup.unavailable());
        }
        return null;
    }

    private Optional<String> e164(Map<String, String> in) {
        for (String f : policy.phoneFields()) {
            String v = in.get(f);
            if (v != null && !v.isBlank()) {
                String country = in.get(CanonicalField.COUNTRY);
                String region = country == null || country.isBlank() ? policy.defaultCountry().orElse(null)
                        : Countries.regionOf(country).orElse(null);
                PhoneCheck pc = phones.check(f, v, region);
                return pc.valid() ? Optional.of(pc.e164()) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public Result check(String address, String e164) {
        List<Finding> findings = new ArrayList<>(2);
        Map<String, String> fields = new LinkedHashMap<>(2);
        boolean emailBad = false;
        boolean phoneBad = false;
        if (address != null && email.isPresent()) {
            Optional<EmailVerification> answer = email.get().cached(address);
            if (answer.isEmpty()) {
                findings.add(Finding.info(ReasonCode.VERIFICATION_UNAVAILABLE, CanonicalField.EMAIL,
                        "Field 'email' was not verified: " + reason("e:" + address) + ". The lead is judged without it."));
            } else {
                EmailVerification v = answer.get();
                fields.put(EMAIL_VERIFICATION, v.serviceStatus());
                switch (v.verdict()) {
                    case UNDELIVERABLE:
                        emailBad = true;
                        findings.add(Finding.error(ReasonCode.EMAIL_UNDELIVERABLE, CanonicalField.EMAIL,
                                "The email-verification service says mail to field 'email' would not be delivered ('"
                                        + v.serviceStatus() + "'). Fix the address or reject the lead."));
                        break;
                    case DISPOSABLE:
                        emailBad = true;
                        findings.add(Finding.error(ReasonCode.EMAIL_DISPOSABLE, CanonicalField.EMAIL,
                                "The email-verification service says field 'email' is a throw-away mailbox."));
                        break;
                    case RISKY:
                        findings.add(Finding.warning(ReasonCode.EMAIL_RISKY, CanonicalField.EMAIL,
                                "The email-verification service cannot vouch for field 'email' ('"
                                        + v.serviceStatus() + "'): mail to it may bounce."));
                        break;
                    default:
                        break;
                }
            }
        }
        if (e164 != null && phone.isPresent()) {
            Optional<PhoneLookup> answer = phone.get().cached(e164);
            if (answer.isEmpty()) {
                findings.add(Finding.info(ReasonCode.VERIFICATION_UNAVAILABLE, CanonicalField.PHONE,
                        "Field 'phone' was not looked up: " + reason("p:" + e164) + ". The lead is judged without it."));
            } else {
                PhoneLookup p = answer.get();
                p.carrier().ifPresent(c -> fields.put(PHONE_CARRIER, c));
                if (!p.valid()) {
                    phoneBad = true;
                    findings.add(Finding.error(ReasonCode.PHONE_UNVERIFIABLE, CanonicalField.PHONE,
                            "The phone-lookup service does not know field 'phone' as a valid number. "
                                    + "Ask the vendor for a working number."));
                } else if (p.disconnected()) {
                    phoneBad = true;
                    findings.add(Finding.error(ReasonCode.PHONE_DISCONNECTED, CanonicalField.PHONE,
                            "The phone-lookup service reports field 'phone' as " + p.lineStatus().orElse("inactive")
                                    + ": the line is not in service."));
                }
            }
        }
        if (findings.isEmpty() && fields.isEmpty()) {
            return Result.NONE;
        }
        return new Result(emailBad, phoneBad, findings, fields);
    }

    private String reason(String key) {
        String why = unavailable.getIfPresent(key);
        return why != null ? why : "it was not looked up before judging";
    }

    /** One line per service for the console and the health details: off, or on with its breaker state. */
    public String describe() {
        return "email verification " + email.map(s -> "on (" + s.settings().url().getHost() + ", breaker "
                + s.breakerState() + ")").orElse("off") + "; phone lookup " + phone.map(s -> "on ("
                + s.settings().url().getHost() + ", breaker " + s.breakerState() + ")").orElse("off");
    }

    @Override
    public void close() {
        pool.shutdownNow();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
