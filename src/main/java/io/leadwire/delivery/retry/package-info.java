/**
 * When a failed delivery is tried again, and when a buyer is not called at all.
 *
 * <p>{@link io.leadwire.delivery.retry.RetryPolicy} decides per lead and buyer: retry at an instant
 * (the caller stores it as {@code next_attempt_at}) or give up with a stable reason, after which the
 * caller moves down the waterfall. {@link io.leadwire.delivery.retry.CircuitBreaker} decides per
 * buyer: while a buyer keeps failing, calls are refused up front so leads are not spent on a dead
 * endpoint, and a probe now and then finds out when it is back. Both are pure functions of an
 * injected {@link java.time.Clock} and random source: no threads, no sleeping.
 */
package io.leadwire.delivery.retry;
