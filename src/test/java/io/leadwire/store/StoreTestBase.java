package io.leadwire.store;

/**
 * The repository tests make their database through {@link #fixture()}: H2 by default, and
 * PostgreSQL when {@link PostgresStoreTest} runs the same tests again on a real server.
 */
abstract class StoreTestBase {
    StoreFixture fixture() {
        return new StoreFixture();
    }
}
