/**
 * The quality stage's judging core: validators, normalizers, scoring and the accept /
 * quarantine / reject decision for one lead. The judge is pure and fast: no database, no network (MX and
 * geo-IP lookups are injected interfaces, external verification answers are read from a cache; all
 * off by default), no UI.
 *
 * <p>Entry point: {@link io.leadwire.quality.LeadJudge#judge(io.leadwire.lead.Lead, QualityPolicy)}
 * returns a {@link io.leadwire.quality.Verdict}: the decision, the {@link io.leadwire.quality.Finding}s
 * with their stable {@link io.leadwire.quality.ReasonCode}s, the normalized fields and the
 * {@link io.leadwire.quality.Score} with its breakdown and {@link io.leadwire.quality.Tier}.
 *
 * <table>
 *   <caption>Validators and the reason codes they report</caption>
 *   <tr><th>validator</th><th>codes</th></tr>
 *   <tr><td>{@link io.leadwire.quality.EmailValidator}</td>
 *       <td>{@code email.syntax}, {@code email.disposable}, {@code email.no_mx}</td></tr>
 *   <tr><td>{@link io.leadwire.quality.PhoneValidator}</td>
 *       <td>{@code phone.invalid}, {@code phone.country_mismatch} (warning)</td></tr>
 *   <tr><td>{@link io.leadwire.quality.NameValidator}</td><td>{@code name.invalid_chars}</td></tr>
 *   <tr><td>{@link io.leadwire.quality.FieldValueValidator}</td>
 *       <td>{@code enum.unknown_value}, {@code number.not_numeric}, {@code range.invalid}</td></tr>
 *   <tr><td>{@link io.leadwire.quality.ConsentValidator}</td>
 *       <td>{@code consent.missing}, {@code consent.malformed}</td></tr>
 *   <tr><td>{@link io.leadwire.quality.LeadJudge}</td>
 *       <td>{@code field.required}, {@code identity.unreachable}, {@code country.unknown} (warning),
 *       {@code geo.mismatch} (warning), {@code geo.unchecked} (info), {@code score.review};
 *       from its {@link io.leadwire.quality.GeoIpLocator}: {@code geo.private_ip}, {@code geo.reserved_ip},
 *       {@code geo.not_found} (info), {@code geo.ip_invalid} (warning)</td></tr>
 *   <tr><td>{@link io.leadwire.quality.ExternalChecks}</td>
 *       <td>{@code email.undeliverable}, {@code email.disposable}, {@code email.risky} (warning),
 *       {@code phone.unverifiable}, {@code phone.disconnected}, {@code verification.unavailable} (info)</td></tr>
 * </table>
 *
 * <p>Outside checks, all off by default ({@link io.leadwire.quality.CheckSettings}):
 * {@link io.leadwire.quality.MaxMindGeoIpLocator} reads an operator-supplied {@code .mmdb} (opened by
 * {@link io.leadwire.quality.GeoIpDatabase}, which reports a missing or broken file instead of failing);
 * {@link io.leadwire.quality.ExternalChecks} calls email/phone verification services through
 * {@link io.leadwire.quality.VerificationService} (timeout, TTL cache, circuit breaker) before the
 * stage claims a batch, so the judge itself still never waits on the network.
 *
 * <p>Not here yet (later increments of the quality stage): de-duplication and the quarantine desk.
 */
package io.leadwire.quality;
