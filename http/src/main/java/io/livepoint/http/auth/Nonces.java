package io.livepoint.http.auth;

import io.livepoint.core.Clock;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest nonces: self-validating (issue time and a random part, signed with a per-process HMAC key), so
 * issuing one stores nothing and a forged one is refused without a lookup. A nonce expires after a
 * lifetime measured on the project {@link Clock}; the nonce count each one was last used with is kept
 * from its first use until it expires, so a replayed request (same or lower nc) is refused.
 */
final class Nonces {
  /** What a presented nonce is. */
  enum Check { VALID, STALE, REPLAYED, INVALID }

  /** Most nonces in use tracked at once; past it the oldest are forgotten (their holders get stale=true). */
  static final int MAX_TRACKED = 65_536;
  private static final int RANDOM = 12;
  private static final int MAC = 16;
  private static final SecureRandom RNG = new SecureRandom();

  private final Clock clock;
  private final long lifetimeNanos;
  private final SecretKeySpec key;
  /** Nonce to the highest nonce count accepted with it. */
  private final Map<String, Long> counts = new ConcurrentHashMap<>();

  Nonces(Clock clock, Duration lifetime) {
    this.clock = clock;
    this.lifetimeNanos = lifetime.toNanos();
    byte[] k = new byte[32];
    RNG.nextBytes(k);
    this.key = new SecretKeySpec(k, "HmacSHA256");
  }

  /** A fresh nonce (URL-safe base64, no quotes or backslashes). */
  String issue() {
    ByteBuffer b = ByteBuffer.allocate(8 + RANDOM + MAC);
    b.putLong(clock.nanoTime());
    byte[] r = new byte[RANDOM];
    RNG.nextBytes(r);
    b.put(r);
    b.put(mac(b.array(), 8 + RANDOM));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  /** Checks a nonce used without a nonce count (RFC 2069 style): VALID, STALE or INVALID, nothing recorded. */
  Check check(String nonce) {
    Check c = verify(nonce);
    return c == null ? Check.VALID : c;
  }

  /** Checks a nonce used with nonce count {@code nc}, and records the count when it is accepted. */
  Check use(String nonce, long nc) {
    Check c = verify(nonce);
    if (c != null) {
      return c;
    }
    long now = clock.nanoTime();
    if (nc < 1) {
      return Check.REPLAYED;
    }
    boolean[] fresh = {false};
    counts.compute(nonce, (k, last) -> {
      if (last == null || nc > last) {
        fresh[0] = true;
        return nc;
      }
      return last;
    });
    if (counts.size() > MAX_TRACKED) {
      prune(now);
    }
    return fresh[0] ? Check.VALID : Check.REPLAYED;
  }

  /** INVALID (forged, malformed) or STALE (expired), or null when the nonce is good. */
  private Check verify(String nonce) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      return Check.INVALID;
    }
    if (raw.length != 8 + RANDOM + MAC
        || !MessageDigest.isEqual(mac(raw, 8 + RANDOM), Arrays.copyOfRange(raw, 8 + RANDOM, raw.length))) {
      return Check.INVALID;
    }
    long issued = ByteBuffer.wrap(raw).getLong();
    long now = clock.nanoTime();
    if (now - issued > lifetimeNanos || now - issued < 0) {
      counts.remove(nonce);
      return Check.STALE;
    }
    return null;
  }

  /** Nonces whose counts are tracked (for tests). */
  int tracked() {
    return counts.size();
  }

  private void prune(long now) {
    for (Iterator<String> it = counts.keySet().iterator(); it.hasNext(); ) {
      byte[] raw = Base64.getUrlDecoder().decode(it.next());
      if (now - ByteBuffer.wrap(raw).getLong() > lifetimeNanos || counts.size() > MAX_TRACKED) {
        it.remove();
      }
    }
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(data, 0, length);
      return Arrays.copyOf(m.doFinal(), MAC);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
