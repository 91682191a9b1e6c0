package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.store.SecretKeyCheck.Result;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The database's secrets key check, on a database that holds secrets from before the check. */
class SecretKeyCheckTest {
    private static final Instant T0 = StoreFixture.T0;
    private final StoreFixture store = new StoreFixture();
    private final SecretKeyCheck check = new SecretKeyCheck(store.db.dataSource());

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldTakeOnlyTheKeyOfTheSecretsAlreadyStoredAsTheReference() {
        SecretBox theirs = newBox();
        SecretBox fresh = newBox(); // a node whose secrets.key was just made, not copied
        BuyerRepository buyers = new BuyerRepository(store.db.dataSource());
        buyers.putSecret(buyers.save("Acme", "{}", true, "test", T0).id(), "TOKEN", theirs.seal("s3cret"), T0);

        assertThat(check.verify(fresh, "node b", T0)).as("first, but cannot open the stored secrets")
                .isEqualTo(Result.OTHER_KEY);
        assertThat(check.verify(theirs, "node a", T0)).isEqualTo(Result.STORED);
        assertThat(check.verify(fresh, "node b", T0)).isEqualTo(Result.OTHER_KEY);
        assertThat(check.verify(theirs, "node c", T0)).isEqualTo(Result.SAME_KEY);
    }

    @Test
    void shouldStoreTheFirstKeyOnADatabaseWithoutSecrets() {
        SecretBox first = newBox();
        assertThat(check.verify(first, "node a", T0)).isEqualTo(Result.STORED);
        assertThat(check.verify(newBox(), "node b", T0)).isEqualTo(Result.OTHER_KEY);
        assertThat(check.verify(first, "node a", T0)).isEqualTo(Result.SAME_KEY);
    }

    private static SecretBox newBox() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return SecretBox.ofBase64Key(Base64.getEncoder().encodeToString(key));
    }
}
