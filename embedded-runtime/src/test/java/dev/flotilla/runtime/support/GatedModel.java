package dev.flotilla.runtime.support;

import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** A model whose calls wait until the test opens the gate (or the call is interrupted). */
public final class GatedModel implements ChatModel {
    private final CountDownLatch gate = new CountDownLatch(1);

    public void open() { gate.countDown(); }

    @Override public String name() { return "gated"; }

    @Override
    public ChatResponse chat(ChatRequest request) throws InterruptedException {
        gate.await();
        return new ChatResponse("done", List.of(), 1, 1);
    }
}
