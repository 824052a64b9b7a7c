package dev.flotilla.runtime.money.budget;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one execution of a run has spent so far, on this node: the cost and tokens of its calls,
 * the settlements not written yet (the next reservation carries them), and why a budget refused it.
 * A run's model calls are one after another, but its state is guarded anyway (a stop may come from
 * another thread).
 */
final class RunSpend {

    /** This execution's mark on its reservations: another execution of the run (after a takeover) releases what is not its own. */
    final String exec = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private int seq;
    private double costUsd;
    private final List<SpendScript.Settle> pending = new ArrayList<>();
    private String refusal;
    private boolean refuseRun;

    synchronized int nextSeq() { return ++seq; }

    synchronized void spent(double usd, SpendScript.Settle settle) {
        costUsd += usd;
        pending.add(settle);
    }

    synchronized void settleLater(SpendScript.Settle settle) {
        pending.add(settle);
    }

    synchronized List<SpendScript.Settle> takePending() {
        List<SpendScript.Settle> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    synchronized double costUsd() { return costUsd; }

    /** A budget refused a call; {@code wholeRun}: its action is refuse, so no other model of the run is tried. */
    synchronized void refused(String why, boolean wholeRun) {
        refusal = why;
        refuseRun |= wholeRun;
    }

    synchronized String refusal() { return refusal; }

    synchronized boolean runRefused() { return refuseRun; }
}
