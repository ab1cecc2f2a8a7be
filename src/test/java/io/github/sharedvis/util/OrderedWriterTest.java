package io.github.sharedvis.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The background writer: submission order, the bound on waiting writes, and the first failure stopping the rest. */
class OrderedWriterTest {

    @Test
    void writesRunInSubmissionOrderOffTheCallingThread() throws Exception {
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        try (OrderedWriter w = new OrderedWriter("test-writer", 3)) {
            for (int i = 0; i < 200; i++) {
                int k = i;
                w.submit(() -> {
                    if (k % 7 == 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // uneven write times
                    }
                    done.add(k);
                    threads.add(Thread.currentThread().getName());
                });
            }
        }
        List<Integer> want = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            want.add(i);
        }
        assertEquals(want, done, "every write, in order, all done by close()");
        assertTrue(threads.stream().allMatch("test-writer"::equals), "on the writer's thread: " + threads.get(0));
    }

    @Test
    void submitBlocksWhileTheBoundIsReached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger submitted = new AtomicInteger();
        try (OrderedWriter w = new OrderedWriter("test-writer", 2)) {
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < 5; i++) {
                        w.submit(() -> {
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                        submitted.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            producer.start();
            Thread.sleep(300);
            assertEquals(2, submitted.get(), "two writes wait, the third submit blocks");
            release.countDown();
            producer.join(TimeUnit.SECONDS.toMillis(10));
            assertEquals(5, submitted.get());
        }
    }

    @Test
    void theFirstFailureSkipsLaterWritesAndIsRethrownAsThrown() throws Exception {
        IOException disk = new IOException("maps/n1/01_ooc.npy: no space left on device");
        AtomicInteger after = new AtomicInteger();
        OrderedWriter w = new OrderedWriter("test-writer", 4);
        w.submit(() -> {
            throw disk;
        });
        IOException seen = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 1000; i++) { // a later submit (or close) reports it
                w.submit(after::incrementAndGet);
                Thread.sleep(1);
            }
            w.close();
        });
        assertSame(disk, seen, "the write's own exception, naming its file");
        assertSame(disk, assertThrows(IOException.class, w::close), "close() reports it too");
        int ran = after.get();
        Thread.sleep(50);
        assertEquals(ran, after.get(), "nothing runs after close");
        assertEquals(0, ran, "writes submitted after the failure are skipped");
    }
}
