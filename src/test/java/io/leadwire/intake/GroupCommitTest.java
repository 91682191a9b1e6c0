package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    /** A writer that blocks its first batch until released, so later items queue up behind it. */
    private static final class GatedWriter implements Function<List<Integer>, List<String>> {
        final CountDownLatch firstBatchStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<List<Integer>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public List<String> apply(List<Integer> items) {
            batches.add(List.copyOf(items));
            firstBatchStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (items.contains(-1)) {
                throw new IllegalStateException("disk full");
            }
            return items.stream().map(i -> "ok" + i).toList();
        }
    }

    @Test
    void shouldWriteItemsThatQueuedDuringACommitAsOneBatchWhenTheWriterIsBusy() throws Exception {
        GatedWriter writer = new GatedWriter();
        try (GroupCommit<Integer, String> gc = new GroupCommit<>("test-writer", writer, 100, 1_000)) {
            CompletableFuture<String> first = gc.submit(0);
            assertThat(writer.firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> queued = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                queued.add(gc.submit(i));
            }
            assertThat(gc.backlog()).isEqualTo(10);
            assertThat(first).isNotDone();

            writer.release.countDown();

            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("ok0");
            for (int i = 0; i < 10; i++) {
                assertThat(queued.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("ok" + (i + 1));
            }
            assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        }
    }

    @Test
    void shouldSplitBacklogIntoBatchesOfAtMostMaxBatchWhenMoreIsQueued() throws Exception {
        GatedWriter writer = new GatedWriter();
        try (GroupCommit<Integer, String> gc = new GroupCommit<>("test-writer", writer, 4, 1_000)) {
            gc.submit(0);
            assertThat(writer.firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<String>> queued = new ArrayList<>();
            for (int i = 1; i <= 9; i++) {
                queued.add(gc.submit(i));
            }
            writer.release.countDown();
            CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(writer.batches).containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8),
                    List.of(9));
        }
    }

    @Test
    void shouldFailEveryItemOfTheBatchAndKeepGoingWhenTheWriterThrows() throws Exception {
        GatedWriter writer = new GatedWriter();
        try (GroupCommit<Integer, String> gc = new GroupCommit<>("test-writer", writer, 100, 1_000)) {
            CompletableFuture<String> blocker = gc.submit(0);
            assertThat(writer.firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> good = gc.submit(1);
            CompletableFuture<String> poison = gc.submit(-1);
            writer.release.countDown();

            assertThat(blocker.get(5, TimeUnit.SECONDS)).isEqualTo("ok0");
            for (CompletableFuture<String> f : List.of(good, poison)) {
                assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasRootCauseInstanceOf(IllegalStateException.class)
                        .hasRootCauseMessage("disk full");
            }
            assertThat(gc.submit(2).get(5, TimeUnit.SECONDS)).isEqualTo("ok2");
        }
    }

    @Test
    void shouldWriteEverythingQueuedBeforeReturningWhenClosed() throws Exception {
        GatedWriter writer = new GatedWriter();
        GroupCommit<Integer, String> gc = new GroupCommit<>("test-writer", writer, 100, 1_000);
        CompletableFuture<String> first = gc.submit(0);
        assertThat(writer.firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            queued.add(gc.submit(i));
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(gc::close);
        writer.release.countDown();
        closing.get(10, TimeUnit.SECONDS);

        assertThat(first).isCompletedWithValue("ok0");
        for (int i = 0; i < 5; i++) {
            assertThat(queued.get(i)).isCompletedWithValue("ok" + (i + 1));
        }
        assertThatThrownBy(() -> gc.submit(99).get(1, TimeUnit.SECONDS)).hasRootCauseMessage("writer is stopping");
    }

    @Test
    void shouldFailFastWhenTheQueueIsFull() throws Exception {
        GatedWriter writer = new GatedWriter();
        try (GroupCommit<Integer, String> gc = new GroupCommit<>("test-writer", writer, 100, 2)) {
            gc.submit(0);
            assertThat(writer.firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<String> a = gc.submit(1);
            CompletableFuture<String> b = gc.submit(2);
            CompletableFuture<String> c = gc.submit(3);

            assertThat(c).isCompletedExceptionally();
            assertThatThrownBy(c::join).hasRootCauseMessage("write queue is full");
            writer.release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("ok1");
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("ok2");
        }
    }

    @Test
    void shouldFailTheBatchAndKeepWritingWhenTheWriterThrowsAnError() throws Exception {
        Function<List<Integer>, List<String>> writer = items -> {
            if (items.contains(-1)) {
                throw new StackOverflowError("deep");
            }
            return items.stream().map(i -> "ok" + i).toList();
        };
        try (GroupCommit<Integer, String> gc = new GroupCommit<>("test-writer", writer, 100, 1_000)) {
            CompletableFuture<String> poison = gc.submit(-1);

            assertThatThrownBy(() -> poison.get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(StackOverflowError.class);
            assertThat(gc.submit(1).get(5, TimeUnit.SECONDS)).isEqualTo("ok1");
        }
    }
}
